/* Exactness of search, as a property.
 *
 * Generates a corpus (UTF-8, GB18030 and Big5 files; Simplified and
 * Traditional text, fullwidth digits, Latin words with case and accents,
 * numbers with separators, grouped or not), ingests it, then for thousands of literal
 * queries cut from the corpus compares the documents trawl returns with
 * those a brute-force scan finds: the normalized text, folded to
 * Simplified and case, contains the query (with a word or number not cut
 * in the middle). Any difference is a failure.
 *
 * For a tenth of the queries it also checks, against the same brute force
 * or against a full ranking:
 *   - the top 20 (units, and documents with --files) of the bounded top-k
 *     equal those of a ranking that scores every match (same documents,
 *     pages and scores, in the same order);
 *   - the facet counts of the matching documents (kind, year, place,
 *     agency, vendor, format, currency) equal counts made from each
 *     document's metadata (trawl ls) and parties (trawl facts), and a
 *     search that counts its own facets (trawl_search_opts.facet, the web
 *     page's one pass) gives the same counts, totals and top 20;
 *   - year: and kind: filters keep exactly the documents whose metadata
 *     says so;
 *   - with a second literal b: "a" OR "b", "a" "b" and "a" -"b" find the
 *     documents a brute force finds unit by unit, NEAR("a" "b", N) no
 *     document outside "a" "b", and each one's top 20 (units and
 *     documents) equal a full ranking's, with the bounded top-k's windows
 *     at their default size or at 1 to 16 units.
 *
 *   search-exact DIR [NDOCS] [NQUERIES] [SEED] [EXTRA_FOLDER]
 *
 * EXTRA_FOLDER (e.g. examples/) is added too: documents with kinds,
 * years, places and parties for the facets.
 *
 * The store is DIR/store, or the one $TRAWL_PROP_STORE names (an empty
 * PostgreSQL database: tests/prop/search_exact.sh runs both).
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <trawl/trawl.h>
#include "index/tokenize.h"
#include "index/facetcount.h"
#include "index/ixsearch.h"
#include "text/text.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}
static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

/* Simplified / Traditional pairs (the same character where they agree) */
static const char *const simp[] = { "边","境","预","算","国","书","万","单","会","关","议","计",
	"划","区","监","视","识","车","辆","门","说","统","资","产","购","采","遣","返","人","脸",
	"公","安","局","元","年","度","支","出","收","入","项","目","巡","逻","艇","经","费","总",
	"队","东","滨","市","省","县","为","与","的","了","和" };
static const char *const trad[] = { "邊","境","預","算","國","書","萬","單","會","關","議","計",
	"劃","區","監","視","識","車","輛","門","說","統","資","產","購","採","遣","返","人","臉",
	"公","安","局","元","年","度","支","出","收","入","項","目","巡","邏","艇","經","費","總",
	"隊","東","濱","市","省","縣","為","與","的","了","和" };
#define NCJK ((int)(sizeof simp / sizeof simp[0]))
static const char *const words[] = { "budget", "Budget", "BUDGET", "police", "Police", "border",
	"patrol", "caf\xc3\xa9", "Caf\xc3\xa9", "CAFE", "na\xc3\xafve", "naive", "fund", "funds",
	"x", "id", "Ministry", "tender", "award", "RMB", "CNY", "km" };
static const char *const numbers[] = { "3541.07", "1,234.56", "2024", "2023", "100", "22.3",
	"0.5", "10.56", "26500000", "95", "1,000", "3", "7713", "35", "1234.56", "1000",
	"26,500,000", "12,34", "1,2,3", "1,234,5678" };
static const char *const fullwidth[] = { "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94", /* ２０２４ */
	"\xef\xbc\x93\xef\xbc\x95" /* ３５ */ };
static const char *const seps[] = { "，", "。", ", ", " ", "\n", "：", "、", "; ", "（", "）" };

typedef struct sbuf { char *p; size_t n, cap; } sbuf;
static void sadd(sbuf *b, const char *s)
{
	size_t k = strlen(s);
	if (b->n + k + 1 > b->cap) {
		b->cap = (b->n + k + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) abort();
	}
	memcpy(b->p + b->n, s, k + 1);
	b->n += k;
}

/* kind 0: Simplified, 1: Traditional only (Big5-safe), 2: mixed */
static void gen_doc(sbuf *b, int kind, int longdoc)
{
	/* a long one is over PostgreSQL's tsvector limits (16383 positions,
	 * 256 of one lexeme): its store keeps it in parts */
	int n = longdoc ? 6000 : 60 + pick(120);
	b->n = 0;
	sadd(b, "");
	if (pick(8) == 0) {
		/* a long unbroken run (longer than the tokenizer's buffer) */
		for (int k = 0; k < 150 + pick(100); k++) {
			int c = pick(NCJK);
			sadd(b, kind == 1 ? trad[c] : simp[c]);
		}
	}
	for (int i = 0; i < n; i++) {
		int r = pick(20);
		if (r < 11) {
			int len = 1 + pick(5);
			for (int k = 0; k < len; k++) {
				int c = pick(NCJK);
				sadd(b, kind == 1 ? trad[c] : kind == 2 && pick(2) ? trad[c] : simp[c]);
			}
		} else if (r < 14) {
			sadd(b, kind == 1 ? "" : " ");
			if (kind == 1) sadd(b, "budget");
			else sadd(b, words[pick((int)(sizeof words / sizeof words[0]))]);
			sadd(b, " ");
		} else if (r < 17) {
			sadd(b, numbers[pick((int)(sizeof numbers / sizeof numbers[0]))]);
			if (pick(2)) sadd(b, kind == 1 ? "萬元" : "万元");
		} else if (r < 18 && kind != 1) {
			sadd(b, fullwidth[pick(2)]);
			sadd(b, "年");
		} else {
			sadd(b, seps[pick((int)(sizeof seps / sizeof seps[0]))]);
		}
	}
	sadd(b, "\n");
}

static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f) return -1;
	fwrite(data, 1, n, f);
	return fclose(f);
}

static int write_encoded(const char *path, const char *utf8, const char *enc)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t inl = strlen(utf8), outl = inl * 4 + 16, cap = outl;
	char *out = malloc(cap), *o = out, *in = (char *)utf8;
	int rc;
	if (cd == (iconv_t)-1 || !out) return -1;
	if (iconv(cd, &in, &inl, &o, &outl) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return -1;
	}
	iconv_close(cd);
	rc = write_file(path, out, (size_t)(o - out));
	free(out);
	return rc;
}

/* ---- the brute-force side ---- */

typedef struct cps { uint32_t *c; size_t n, cap; } cps;
static void cpush(cps *v, uint32_t c)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->c = realloc(v->c, v->cap * sizeof *v->c);
		if (!v->c) abort();
	}
	v->c[v->n++] = c;
}

/* Fold like the index: Traditional to Simplified, Latin case and accents. */
static void fold_into(cps *v, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) { c = 0xFFFD; k = 1; }
		if (trawl__is_cjk((uint32_t)c)) {
			cpush(v, trawl__fold_t2s((uint32_t)c));
		} else if (c == 0xFF0C) {
			/* kept by normalization only between digits, where it is a
			 * comma to the index (docs/search.md) */
			cpush(v, ',');
		} else if (c < 0x80) {
			cpush(v, (c >= 'A' && c <= 'Z') ? (uint32_t)c + 32 : (uint32_t)c);
		} else {
			utf8proc_uint8_t *m = NULL;
			utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)s + i, k, &m,
				UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);
			for (utf8proc_ssize_t j = 0; j < ml; ) {
				utf8proc_int32_t d;
				utf8proc_ssize_t kk = utf8proc_iterate(m + j, ml - j, &d);
				if (kk <= 0) break;
				cpush(v, (uint32_t)d);
				j += kk;
			}
			free(m);
		}
		i += (size_t)k;
	}
}

static int isdig(uint32_t c) { return c >= '0' && c <= '9'; }

static int contains(const cps *t, const cps *q)
{
	if (!q->n || q->n > t->n) return 0;
	for (size_t i = 0; i + q->n <= t->n; i++) {
		size_t j = i + q->n;
		if (t->c[i] != q->c[0] || memcmp(t->c + i, q->c, q->n * sizeof(uint32_t)))
			continue;
		if (trawl__is_wordchar(q->c[0]) && i > 0) {
			if (trawl__is_wordchar(t->c[i - 1])) continue;
			if ((t->c[i - 1] == '.' || t->c[i - 1] == ',') && i >= 2 && isdig(t->c[i - 2]) &&
			    isdig(t->c[i])) continue;
		}
		if (trawl__is_wordchar(q->c[q->n - 1]) && j < t->n) {
			if (trawl__is_wordchar(t->c[j])) continue;
			if ((t->c[j] == '.' || t->c[j] == ',') && isdig(t->c[j - 1]) && j + 1 < t->n &&
			    isdig(t->c[j + 1])) continue;
		}
		return 1;
	}
	return 0;
}

/* 1,234,835.69 is the number 1234835.69, however it is grouped: a whole
 * token (letters, digits, and '.' or ',' between two digits) that is a
 * number grouped by threes loses its commas, in the text and the query. */
static int isword(uint32_t c) { return trawl__is_wordchar(c); }
static void ungroup_cps(cps *v)
{
	size_t i = 0, o = 0;
	while (i < v->n) {
		size_t s = i, e, k, lead;
		int ok = 1;
		if (!isword(v->c[i])) { v->c[o++] = v->c[i++]; continue; }
		e = i;
		while (e < v->n) {
			if (isword(v->c[e])) { e++; continue; }
			if ((v->c[e] == '.' || v->c[e] == ',') && e > s && isdig(v->c[e - 1]) &&
			    e + 1 < v->n && isdig(v->c[e + 1])) { e++; continue; }
			break;
		}
		/* [1-3 digits](,ddd)+(.d+)? and nothing else */
		for (k = s; k < e && isdig(v->c[k]); k++) ;
		lead = k - s;
		if (lead < 1 || lead > 3 || k >= e || v->c[k] != ',') ok = 0;
		while (ok && k < e && v->c[k] == ',') {
			if (k + 3 >= e + 0 || !isdig(v->c[k + 1]) || !isdig(v->c[k + 2]) ||
			    !isdig(v->c[k + 3]))
				ok = 0;
			else if ((k += 4) < e && isdig(v->c[k]))
				ok = 0;
		}
		if (ok && k < e) {
			if (v->c[k] != '.') ok = 0;
			for (k++; ok && k < e; k++) if (!isdig(v->c[k])) ok = 0;
		}
		for (k = s; k < e; k++)
			if (!ok || v->c[k] != ',') v->c[o++] = v->c[k];
		i = e;
	}
	v->n = o;
}

typedef struct doc {
	char id[65]; cps text; char *norm; size_t normlen;
	/* facet values, brute force: dims kind year place format currency, then
	 * parties (agency..., vendor...) as "dim\tvalue" lines */
	char *facets;
	int year; char kind[32];
	cps *units; size_t nunits;   /* each unit's text, folded like text */
} doc;
static doc *docs;
static size_t ndocs, capdocs;

static int collect_doc(const trawl_doc_info *d, void *u)
{
	(void)u;
	if (ndocs == capdocs) {
		capdocs = capdocs ? capdocs * 2 : 64;
		docs = realloc(docs, capdocs * sizeof *docs);
		if (!docs) abort();
	}
	memset(&docs[ndocs], 0, sizeof docs[ndocs]);
	snprintf(docs[ndocs].id, 65, "%s", d->id);
	{
		char buf[2048];
		int n = 0;
		buf[0] = 0;
		if (d->kind) n += snprintf(buf + n, sizeof buf - (size_t)n, "kind\t%s\n", d->kind);
		if (d->year > 0) n += snprintf(buf + n, sizeof buf - (size_t)n, "year\t%d\n", d->year);
		if (d->place) n += snprintf(buf + n, sizeof buf - (size_t)n, "place\t%s\n", d->place);
		if (d->format) n += snprintf(buf + n, sizeof buf - (size_t)n, "format\t%s\n", d->format);
		if (d->amount && d->currency)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "currency\t%s\n", d->currency);
		docs[ndocs].facets = strdup(buf);
		docs[ndocs].year = d->year;
		snprintf(docs[ndocs].kind, sizeof docs[ndocs].kind, "%s", d->kind ? d->kind : "");
	}
	ndocs++;
	return 0;
}

/* A document's parties as facet lines: agency (agency, issuer, buyer) and
 * vendor, each name once per dimension. */
static int collect_party(const trawl_fact_info *f, void *u)
{
	doc *d = u;
	const char *dim;
	char line[1200];
	size_t n;
	if (!f->role || !f->value)
		return 0;
	if (!strcmp(f->role, "vendor")) dim = "vendor";
	else if (!strcmp(f->role, "issuer") || !strcmp(f->role, "buyer"))
		dim = "agency";   /* (the web app's: trawl_filter.agency) */
	else return 0;
	snprintf(line, sizeof line, "%s\t%s\n", dim, f->value);
	if (strstr(d->facets, line) == d->facets ||
	    (strstr(d->facets, line) && strstr(d->facets, line)[-1] == '\n'))
		return 0;
	n = strlen(d->facets);
	d->facets = realloc(d->facets, n + strlen(line) + 1);
	if (!d->facets) abort();
	memcpy(d->facets + n, line, strlen(line) + 1);
	return 0;
}

static int collect_units(const trawl_unit_info *ui, void *u)
{
	doc *d = u;
	/* units are separate passages: a separator keeps matches from spanning them */
	if (d->text.n)
		cpush(&d->text, '\n');
	fold_into(&d->text, ui->text, ui->len);
	d->units = realloc(d->units, (d->nunits + 1) * sizeof *d->units);
	if (!d->units) abort();
	memset(&d->units[d->nunits], 0, sizeof *d->units);
	fold_into(&d->units[d->nunits++], ui->text, ui->len);
	d->norm = realloc(d->norm, d->normlen + ui->len + 2);
	if (!d->norm) abort();
	memcpy(d->norm + d->normlen, ui->text, ui->len);
	d->normlen += ui->len;
	d->norm[d->normlen++] = '\n';
	d->norm[d->normlen] = '\0';
	return 0;
}

typedef struct idset { char (*ids)[65]; size_t n, cap; } idset;
static int collect_hit(const trawl_hit *h, void *u)
{
	idset *s = u;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
		if (!s->ids) abort();
	}
	snprintf(s->ids[s->n++], 65, "%s", h->doc);
	return 0;
}

static int in_set(const idset *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->ids[i], id)) return 1;
	return 0;
}

/* A literal query cut from a document's normalized text: a CJK substring,
 * a whole word or number, or a number with the CJK after it. Traditional
 * spellings come from the Traditional documents themselves. */
static int make_query(char *out, size_t outsz, int *cls)
{
	const doc *d = &docs[pick((int)ndocs)];
	const char *t = d->norm;
	size_t n = d->normlen, i, s, e;
	int tries = 0;

	while (tries++ < 100) {
		utf8proc_int32_t c;
		i = (size_t)pick((int)n);
		while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
		utf8proc_iterate((const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)(n - i), &c);
		if (trawl__is_cjk((uint32_t)c)) {
			int want = 1 + pick(pick(3) ? 2 : 6), got = 0;
			s = e = i;
			while (e < n && got < want) {
				utf8proc_int32_t c2;
				utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + e, (utf8proc_ssize_t)(n - e), &c2);
				if (k <= 0 || !trawl__is_cjk((uint32_t)c2)) break;
				e += (size_t)k;
				got++;
			}
			*cls = got;
			/* sometimes the word or number right after the run: 万元2023 */
			if (e < n && got == want && pick(3) == 0) {
				size_t w = e;
				while (w < n && (((unsigned char)t[w] < 0x80 && (t[w] >= '0' && t[w] <= '9')) ||
				                 ((t[w] | 0x20) >= 'a' && (t[w] | 0x20) <= 'z')))
					w++;
				if (w > e && !(w < n && (t[w] == '.' || t[w] == ',' ||
				                         (unsigned char)t[w] >= 0x80))) {
					e = w;
					*cls = 12;
				}
			}
		} else if (trawl__is_wordchar((uint32_t)c)) {
			/* back to the word's start, forward to its end (with 3,541.07 rules) */
			s = i;
			while (s > 0) {
				unsigned char p = (unsigned char)t[s - 1];
				if ((p < 0x80 && ((p >= '0' && p <= '9') || ((p | 0x20) >= 'a' && (p | 0x20) <= 'z'))) ||
				    ((p == '.' || p == ',') && s >= 2 && t[s - 2] >= '0' && t[s - 2] <= '9' && t[s] >= '0' && t[s] <= '9'))
					s--;
				else if (p >= 0x80 && (p & 0xC0) == 0x80) { /* inside an accented letter */
					size_t b = s - 1;
					utf8proc_int32_t pc;
					while (b > 0 && ((unsigned char)t[b] & 0xC0) == 0x80) b--;
					utf8proc_iterate((const utf8proc_uint8_t *)t + b, (utf8proc_ssize_t)(n - b), &pc);
					if (trawl__is_wordchar((uint32_t)pc)) s = b; else break;
				} else break;
			}
			e = i;
			while (e < n) {
				utf8proc_int32_t c2;
				utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + e, (utf8proc_ssize_t)(n - e), &c2);
				if (k > 0 && trawl__is_wordchar((uint32_t)c2)) { e += (size_t)k; continue; }
				if ((t[e] == '.' || t[e] == ',') && e > 0 && t[e - 1] >= '0' && t[e - 1] <= '9' &&
				    e + 1 < n && t[e + 1] >= '0' && t[e + 1] <= '9') { e++; continue; }
				break;
			}
			*cls = 10;
			/* sometimes the CJK character after a number: 2024年 */
			if (e < n && t[e - 1] >= '0' && t[e - 1] <= '9' && pick(2)) {
				utf8proc_int32_t c2;
				utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + e, (utf8proc_ssize_t)(n - e), &c2);
				if (k > 0 && trawl__is_cjk((uint32_t)c2)) { e += (size_t)k; *cls = 11; }
			}
		} else {
			continue;
		}
		if (e <= s || e - s >= outsz) continue;
		memcpy(out, t + s, e - s);
		out[e - s] = '\0';
		/* words the query language reads as operators */
		if (!strcmp(out, "OR") || !strcmp(out, "NOT") || !strcmp(out, "AND")) continue;
		return 0;
	}
	return -1;
}

/* ---- the top k against a full ranking ---- */

typedef struct hitlist { char (*id)[65]; int *page; double *score; size_t n, cap; } hitlist;
static int collect_full(const trawl_hit *h, void *u)
{
	hitlist *l = u;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->id = realloc(l->id, l->cap * sizeof *l->id);
		l->page = realloc(l->page, l->cap * sizeof *l->page);
		l->score = realloc(l->score, l->cap * sizeof *l->score);
		if (!l->id || !l->page || !l->score) abort();
	}
	snprintf(l->id[l->n], 65, "%s", h->doc);
	l->page[l->n] = h->page;
	l->score[l->n] = h->score;
	l->n++;
	return 0;
}

static void hitlist_free(hitlist *l) { free(l->id); free(l->page); free(l->score); }

/* 0 when the bounded top 20 equals the full ranking's (files or units) */
static int topk_differs(trawl_store *st, const char *q, int files)
{
	hitlist a = { 0 }, b = { 0 };
	trawl_search_opts o = { .limit = 20, .files = files };
	trawl_diag dg;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	trawl__ix_exhaustive = 0;
	/* windows of the bounded top-k: the default, or small ones (many
	 * windows, documents across their edges) */
	trawl__ix_window = pick(2) ? 256 : 1 + (unsigned)pick(16);
	trawl__ix_all_hits = 0;
	if (trawl_search(st, q, &o, collect_full, &a, NULL, &dg)) bad = 1;
	trawl__ix_window = 0;
	trawl__ix_all_hits = 4096;
	trawl__ix_exhaustive = 1;
	if (trawl_search(st, q, &o, collect_full, &b, NULL, &dg)) bad = 1;
	trawl__ix_exhaustive = 0;
	if (!bad && a.n != b.n) bad = 1;
	for (size_t i = 0; !bad && i < a.n; i++) {
		if (strcmp(a.id[i], b.id[i]) || a.page[i] != b.page[i] || a.score[i] != b.score[i] ||
		    (i && a.score[i] > a.score[i - 1]))
			bad = 1;
	}
	if (bad)
		printf("FAIL top-k \"%s\"%s: %zu hits bounded, %zu full (first: %s p.%d %.9g vs %s p.%d %.9g)\n",
		       q, files ? " --files" : "", a.n, b.n, a.n ? a.id[0] : "-", a.n ? a.page[0] : 0,
		       a.n ? a.score[0] : 0.0, b.n ? b.id[0] : "-", b.n ? b.page[0] : 0,
		       b.n ? b.score[0] : 0.0);
	hitlist_free(&a);
	hitlist_free(&b);
	return bad;
}

/* 0 when every hit of q (units, all of them, ranked) is the same with a
 * phrase's candidates checked on two threads and on one: the positions
 * of NEAR are not brute-forced, so the one-thread check is their oracle. */
static int split_differs(trawl_store *st, const char *q)
{
	hitlist a = { 0 }, b = { 0 };
	trawl_search_opts o = { .limit = 1 << 30 };
	trawl_diag dg;
	unsigned keep = trawl__ix_split;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	trawl__ix_split = 1;
	if (trawl_search(st, q, &o, collect_full, &a, NULL, &dg)) bad = 1;
	trawl__ix_split = 0;
	if (trawl_search(st, q, &o, collect_full, &b, NULL, &dg)) bad = 1;
	trawl__ix_split = keep;
	if (!bad && a.n != b.n) bad = 1;
	for (size_t i = 0; !bad && i < a.n; i++)
		if (strcmp(a.id[i], b.id[i]) || a.page[i] != b.page[i] || a.score[i] != b.score[i])
			bad = 1;
	if (bad)
		printf("FAIL split \"%s\": %zu hits on two threads, %zu on one\n", q, a.n, b.n);
	hitlist_free(&a);
	hitlist_free(&b);
	return bad;
}

/* Queries of two literals a and b: "a" OR "b", "a" "b", "a" -"b" (their
 * documents against the brute force, unit by unit: AND and NOT hold
 * within one unit) and NEAR("a" "b", N) (its documents within those of
 * "a" "b": positions are not brute-forced); each with its bounded top 20
 * (units and files) against the full ranking. */
static int compound_differs(trawl_store *st, const char *qa, const cps *ca, const char *qb,
                            const cps *cb, int *ntopk)
{
	int bad = 0;

	for (int m = 0; m < 4; m++) {
		char q[600];
		idset got = { 0 };
		trawl_search_opts o = { .limit = 1 << 30, .files = 1 };
		trawl_diag dg;
		size_t want = 0, missing = 0, extra = 0;
		switch (m) {
		case 0: snprintf(q, sizeof q, "\"%s\" OR \"%s\"", qa, qb); break;
		case 1: snprintf(q, sizeof q, "\"%s\" \"%s\"", qa, qb); break;
		case 2: snprintf(q, sizeof q, "\"%s\" -\"%s\"", qa, qb); break;
		default: snprintf(q, sizeof q, "NEAR(\"%s\" \"%s\", %d)", qa, qb, pick(12)); break;
		}
		memset(&dg, 0, sizeof dg);
		if (trawl_search(st, q, &o, collect_hit, &got, NULL, &dg)) {
			printf("FAIL query %s: search error: %s\n", q, dg.msg);
			bad++;
			continue;
		}
		for (size_t k = 0; k < ndocs; k++) {
			int bf = 0, tr = in_set(&got, docs[k].id);
			for (size_t j = 0; j < docs[k].nunits && !bf; j++) {
				int a = contains(&docs[k].units[j], ca), b = contains(&docs[k].units[j], cb);
				bf = m == 0 ? a || b : m == 2 ? a && !b : a && b;
			}
			want += bf;
			if (bf && !tr && m != 3) missing++;
			if (!bf && tr) extra++;
		}
		if (missing || extra) {
			bad++;
			printf("FAIL query %s: brute force %zu docs%s, trawl %zu (%zu missing, %zu extra)\n",
			       q, want, m == 3 ? " (at most)" : "", got.n, missing, extra);
		}
		free(got.ids);
		bad += topk_differs(st, q, 0) + topk_differs(st, q, 1) + split_differs(st, q);
		*ntopk += 2;
	}
	return bad;
}

/* ---- facet counts against a count made from each document ---- */

typedef struct fcount { char *key; uint64_t n; } fcount;
typedef struct flist { fcount *v; size_t n, cap; } flist;

static void flist_add(flist *l, const char *key, uint64_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].key, key)) { l->v[i].n += n; return; }
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v) abort();
	}
	l->v[l->n].key = strdup(key);
	l->v[l->n].n = n;
	l->n++;
}

static void flist_free(flist *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->v[i].key);
	free(l->v);
}

static int cmp_fcount(const void *x, const void *y)
{
	return strcmp(((const fcount *)x)->key, ((const fcount *)y)->key);
}

static int collect_facet(const trawl_facet *f, void *u)
{
	char key[1200];
	snprintf(key, sizeof key, "%s\t%s", f->dim, f->value);
	flist_add(u, key, f->documents);
	return 0;
}

static doc *doc_by_id(const char *id)
{
	for (size_t k = 0; k < ndocs; k++)
		if (!strcmp(docs[k].id, id)) return &docs[k];
	return NULL;
}

/* Each hit in full (document, page, kind, score, title, path, marks),
 * one line each, to compare two searches' hits. */
static int digest_hit(const trawl_hit *h, void *u)
{
	char line[2048];
	snprintf(line, sizeof line, "%zu %s %d %s %.17g %s %s %s %d %d %d %.9g\n",
	         ((flist *)u)->n, h->doc, h->page,
	         h->kind ? h->kind : "-", h->score, h->title ? h->title : "-",
	         h->format ? h->format : "-", h->path ? h->path : "-", h->paged, h->current,
	         h->ocr, h->ocr_conf);
	flist_add(u, line, 1);
	return 0;
}

/* 0 when the search that counts its own facets gives the hits (in
 * order, every field), totals and facet counts of the search without
 * them plus trawl_facets_count, for each order, one hit per document or
 * not, a page after the first, and the filter f (may be NULL). */
static int onepass_differs(trawl_store *st, const char *q, const trawl_filter *f)
{
	static const int sorts[] = { TRAWL_SORT_RELEVANCE, TRAWL_SORT_DATE, TRAWL_SORT_AMOUNT };
	trawl_diag dg;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	for (int v = 0; v < 6 && !bad; v++) {
		trawl_search_opts o = { .limit = 7, .files = v & 1, .sort = sorts[v / 2],
		                        .offset = v == 3 ? 3 : 0, .filter = f };
		trawl_search_stats s1, s2, s3;
		flist h1 = { 0 }, h2 = { 0 }, f1 = { 0 }, f2 = { 0 };
		trawl_facets *fs = NULL;
		if (trawl_search(st, q, &o, digest_hit, &h1, &s1, &dg) ||
		    trawl_facets_open(st, &fs, NULL, &dg) ||
		    trawl_facets_count(st, fs, q, f, 5, collect_facet, &f1, &s3, &dg))
			bad = 1;
		trawl_facets_free(fs);
		o.facet = collect_facet;
		o.facet_udata = &f2;
		o.facet_values = 5;
		if (!bad && trawl_search(st, q, &o, digest_hit, &h2, &s2, &dg))
			bad = 1;
		if (!bad && (s1.hits != s2.hits || s1.documents != s2.documents ||
		             s2.hits != s3.hits || s2.documents != s3.documents ||
		             h1.n != h2.n || f1.n != f2.n))
			bad = 1;
		for (size_t i = 0; !bad && i < h1.n; i++)
			if (strcmp(h1.v[i].key, h2.v[i].key)) bad = 1;
		for (size_t i = 0; !bad && i < f1.n; i++)
			if (strcmp(f1.v[i].key, f2.v[i].key) || f1.v[i].n != f2.v[i].n) bad = 1;
		if (bad)
			printf("FAIL one pass \"%s\" (files %d, sort %d, offset %d%s): %zu hits, %zu; "
			       "%zu facet values, %zu; %s\n", q, o.files, o.sort, o.offset,
			       f ? ", a filter" : "", h1.n, h2.n, f1.n, f2.n, dg.msg);
		flist_free(&h1);
		flist_free(&h2);
		flist_free(&f1);
		flist_free(&f2);
	}
	return bad;
}

/* 0 when the facet counts of q's documents (got) equal the brute force */
static int facets_differ(trawl_store *st, const char *q, const idset *got)
{
	flist a = { 0 }, b = { 0 };
	trawl_facets *fs = NULL;
	trawl_search_stats ss;
	trawl_diag dg;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	if (trawl_facets_open(st, &fs, NULL, &dg) ||
	    trawl_facets_count(st, fs, q, NULL, 0, collect_facet, &a, &ss, &dg)) {
		printf("FAIL facets \"%s\": %s\n", q, dg.msg);
		trawl_facets_free(fs);
		return 1;
	}
	trawl_facets_free(fs);
	if (ss.documents != got->n) {
		printf("FAIL facets \"%s\": %llu documents counted, %zu found\n", q,
		       (unsigned long long)ss.documents, got->n);
		bad = 1;
	}
	for (size_t i = 0; i < got->n; i++) {
		doc *d = doc_by_id(got->ids[i]);
		char *p, *e;
		if (!d) { bad = 1; continue; }
		for (p = d->facets; *p; p = e + 1) {
			char key[1200];
			e = strchr(p, '\n');
			snprintf(key, sizeof key, "%.*s", (int)(e - p), p);
			flist_add(&b, key, 1);
		}
	}
	/* the page's single pass (the search counting its own documents'
	 * facets) gives the same counts, totals and hits as the two calls */
	{
		flist c = { 0 };
		idset h1 = { 0 }, h2 = { 0 };
		trawl_search_opts o = { .limit = 20 };
		trawl_search_stats s1, s2;
		if (trawl_search(st, q, &o, collect_hit, &h1, &s1, &dg)) bad = 1;
		o.facet = collect_facet;
		o.facet_udata = &c;
		if (!bad && trawl_search(st, q, &o, collect_hit, &h2, &s2, &dg)) bad = 1;
		qsort(c.v, c.n, sizeof *c.v, cmp_fcount);
		qsort(a.v, a.n, sizeof *a.v, cmp_fcount);
		if (!bad && (s1.hits != s2.hits || s1.documents != s2.documents ||
		             s2.documents != ss.documents || s2.hits != ss.hits || c.n != a.n ||
		             h1.n != h2.n)) bad = 1;
		for (size_t i = 0; !bad && i < c.n; i++)
			if (strcmp(a.v[i].key, c.v[i].key) || a.v[i].n != c.v[i].n) bad = 1;
		for (size_t i = 0; !bad && i < h1.n; i++)
			if (strcmp(h1.ids[i], h2.ids[i])) bad = 1;
		if (bad)
			printf("FAIL facets \"%s\": the search's own facet counts differ from "
			       "trawl_facets_count's (%zu values, %zu; %s)\n", q, c.n, a.n, dg.msg);
		flist_free(&c);
		free(h1.ids);
		free(h2.ids);
	}
	qsort(b.v, b.n, sizeof *b.v, cmp_fcount);
	if (a.n != b.n) bad = 1;
	for (size_t i = 0; !bad && i < a.n; i++)
		if (strcmp(a.v[i].key, b.v[i].key) || a.v[i].n != b.v[i].n) bad = 1;
	if (bad) {
		printf("FAIL facets \"%s\": %zu values, brute force %zu\n", q, a.n, b.n);
		for (size_t i = 0; i < a.n && i < 8; i++) printf("    trawl %s %llu\n", a.v[i].key, (unsigned long long)a.v[i].n);
		for (size_t i = 0; i < b.n && i < 8; i++) printf("    brute %s %llu\n", b.v[i].key, (unsigned long long)b.v[i].n);
	}
	flist_free(&a);
	flist_free(&b);
	return bad;
}

/* 0 when "q FILTER" finds exactly the documents of got that keep(d) */
static int filter_differs(trawl_store *st, const char *q, const char *filter, const idset *got,
                          int (*keep)(const doc *, const void *), const void *arg)
{
	char full[600];
	idset f = { 0 };
	trawl_search_opts o = { .limit = 1 << 30, .files = 1 };
	trawl_diag dg;
	size_t want = 0;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	snprintf(full, sizeof full, "%s %s", q, filter);
	if (trawl_search(st, full, &o, collect_hit, &f, NULL, &dg)) {
		printf("FAIL filter \"%s\": %s\n", full, dg.msg);
		return 1;
	}
	for (size_t i = 0; i < got->n; i++) {
		doc *d = doc_by_id(got->ids[i]);
		int in = in_set(&f, got->ids[i]);
		if (d && keep(d, arg)) { want++; if (!in) bad = 1; }
		else if (in) bad = 1;
	}
	if (f.n != want) bad = 1;
	if (bad)
		printf("FAIL filter \"%s\": %zu documents, brute force %zu\n", full, f.n, want);
	free(f.ids);
	return bad;
}

/* the same through trawl_filter (the web app's exact values) */
static int tfilter_differs(trawl_store *st, const char *q, const trawl_filter *tf,
                           const idset *got, int (*keep)(const doc *, const void *),
                           const void *arg)
{
	idset f = { 0 };
	trawl_search_opts o = { .limit = 1 << 30, .files = 1, .filter = tf };
	trawl_diag dg;
	size_t want = 0;
	int bad = 0;

	memset(&dg, 0, sizeof dg);
	if (trawl_search(st, q, &o, collect_hit, &f, NULL, &dg)) {
		printf("FAIL trawl_filter \"%s\": %s\n", q, dg.msg);
		return 1;
	}
	for (size_t i = 0; i < got->n; i++) {
		doc *d = doc_by_id(got->ids[i]);
		int in = in_set(&f, got->ids[i]);
		if (d && keep(d, arg)) { want++; if (!in) bad = 1; }
		else if (in) bad = 1;
	}
	if (f.n != want) bad = 1;
	if (bad)
		printf("FAIL trawl_filter \"%s\" (year %d kind %s): %zu documents, brute force %zu\n",
		       q, tf->year, tf->kind ? tf->kind : "-", f.n, want);
	free(f.ids);
	return bad;
}

static int keep_year(const doc *d, const void *arg) { return d->year == *(const int *)arg; }
static int keep_kind(const doc *d, const void *arg) { return !strcmp(d->kind, (const char *)arg); }

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp/trawl-prop";
	int nd = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 240;
	int nq = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3000;
	char corpus[4096], store[4096], path[4200];
	const char *paths[1];
	trawl_store *st = NULL;
	trawl_add_summary sum;
	trawl_diag dg;
	sbuf b = { 0 };
	int failures = 0, i, per_class[13] = { 0 };
	size_t total_hits = 0;
	int checked_topk = 0, checked_facets = 0, checked_filters = 0, other_failures = 0;
	int checked_compound = 0;

	rng_state = argc > 4 ? (uint64_t)strtoull(argv[4], NULL, 10) : 20241;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(corpus, sizeof corpus, "%s/corpus", dir);
	if (getenv("TRAWL_PROP_STORE") && *getenv("TRAWL_PROP_STORE"))
		snprintf(store, sizeof store, "%s", getenv("TRAWL_PROP_STORE"));
	else
		snprintf(store, sizeof store, "%s/store", dir);
	mkdir(dir, 0755);
	mkdir(corpus, 0755);
	for (i = 0; i < nd; i++) {
		int kind = i % 5 == 0 ? 1 : (i % 7 == 0 ? 2 : 0);
		gen_doc(&b, kind, i % 60 == 59);
		if (kind == 1) {
			snprintf(path, sizeof path, "%s/d%04d-big5.txt", corpus, i);
			if (write_encoded(path, b.p, "BIG5")) { printf("FAIL: Big5 encode\n"); return 1; }
		} else if (kind == 0 && i % 3 == 0) {
			snprintf(path, sizeof path, "%s/d%04d-gb.txt", corpus, i);
			if (write_encoded(path, b.p, "GB18030")) { printf("FAIL: GB18030 encode\n"); return 1; }
		} else {
			snprintf(path, sizeof path, "%s/d%04d.txt", corpus, i);
			write_file(path, b.p, b.n);
		}
	}
	free(b.p);
	memset(&dg, 0, sizeof dg);
	if (trawl_store_open(store, 1, &st, &dg)) { printf("FAIL: store: %s\n", dg.msg); return 1; }
	paths[0] = corpus;
	if (trawl_add(st, paths, 1, NULL, &sum, &dg) || sum.failed || sum.added != (uint64_t)nd) {
		printf("FAIL: add: %llu added, %llu failed\n", (unsigned long long)sum.added,
		       (unsigned long long)sum.failed);
		return 1;
	}
	if (argc > 5) {
		/* documents with metadata and parties (warnings are fine) */
		trawl_add_opts ao = { .jobs = 0 };
		paths[0] = argv[5];
		if (trawl_add(st, paths, 1, &ao, &sum, &dg) || !sum.added) {
			printf("FAIL: add %s: %s\n", argv[5], dg.msg);
			return 1;
		}
	}
	trawl_ls(st, 1, collect_doc, NULL, NULL);
	for (size_t k = 0; k < ndocs; k++) {
		trawl_facts_opts fo = { .kind = "party", .doc = docs[k].id };
		trawl_doc_units(st, docs[k].id, 0, collect_units, &docs[k], NULL);
		ungroup_cps(&docs[k].text);
		for (size_t j = 0; j < docs[k].nunits; j++)
			ungroup_cps(&docs[k].units[j]);
		trawl_facts(st, &fo, collect_party, &docs[k], NULL);
	}
	for (i = 0; i < nq; i++) {
		char q[256];
		int cls = 0;
		cps qc = { 0 };
		idset got = { 0 };
		trawl_search_opts o = { .limit = 1 << 30, .files = 1 };
		size_t want = 0, missing = 0, extra = 0;
		if (make_query(q, sizeof q, &cls)) continue;
		per_class[cls < 13 ? cls : 12]++;
		/* a phrase's candidates on two threads (from 2 to 8 candidates
		 * a segment) or on one, as the default does on a small corpus */
		trawl__ix_split = pick(2) ? 1 + (unsigned)pick(4) : 8192;
		/* facet counts (the folder store's) of the documents or of
		 * their complement, on one thread or two from 2 to 100 */
		trawl__fx_complement = (int)pick(3);
		trawl__fx_split = pick(2) ? 1 + (unsigned)pick(50) : 16384;
		{
			/* the brute force sees the query as trawl does: NFKC first */
			trawl__ntext nt;
			trawl__ntext_init(&nt, 0);
			if (trawl__ntext_add(&nt, q, strlen(q))) {
				printf("FAIL query %s: out of memory\n", q);
				return 1;
			}
			fold_into(&qc, nt.text.data, nt.text.len);
			ungroup_cps(&qc);
			trawl__ntext_release(&nt);
		}
		if (trawl_search(st, q, &o, collect_hit, &got, NULL, &dg)) {
			printf("FAIL query %s: search error: %s\n", q, dg.msg);
			failures++;
			free(qc.c);
			continue;
		}
		for (size_t k = 0; k < ndocs; k++) {
			int bf = contains(&docs[k].text, &qc), tr = in_set(&got, docs[k].id);
			want += bf;
			if (bf && !tr) missing++;
			if (!bf && tr) extra++;
		}
		total_hits += got.n;
		if (missing || extra) {
			failures++;
			if (failures <= 20)
				printf("FAIL query \"%s\": brute force %zu docs, trawl %zu (%zu missing, %zu extra)\n",
				       q, want, got.n, missing, extra);
		}
		if (i % 10 == 0 && got.n) {
			doc *d = doc_by_id(got.ids[pick((int)got.n)]);
			char filt[64];
			int e = topk_differs(st, q, 0) + topk_differs(st, q, 1) + facets_differ(st, q, &got) +
			        (i % 40 == 0 ? onepass_differs(st, q, NULL) : 0);
			char q2[256];
			int cls2;
			checked_topk += 2;
			checked_facets++;
			if (!make_query(q2, sizeof q2, &cls2)) {
				cps qc2 = { 0 };
				trawl__ntext nt;
				trawl__ntext_init(&nt, 0);
				if (trawl__ntext_add(&nt, q2, strlen(q2))) {
					printf("FAIL query %s: out of memory\n", q2);
					return 1;
				}
				fold_into(&qc2, nt.text.data, nt.text.len);
				ungroup_cps(&qc2);
				trawl__ntext_release(&nt);
				e += compound_differs(st, q, &qc, q2, &qc2, &checked_compound);
				free(qc2.c);
			}
			if (d && d->year > 0) {
				snprintf(filt, sizeof filt, "year:%d", d->year);
				e += filter_differs(st, q, filt, &got, keep_year, &d->year);
				{
					trawl_filter tf = { .year = d->year };
					e += tfilter_differs(st, q, &tf, &got, keep_year, &d->year);
					if (i % 40 == 0)
						e += onepass_differs(st, q, &tf);
				}
				checked_filters += 2;
			}
			if (d && d->kind[0]) {
				snprintf(filt, sizeof filt, "kind:%s", d->kind);
				e += filter_differs(st, q, filt, &got, keep_kind, d->kind);
				{
					trawl_filter tf = { .kind = d->kind };
					e += tfilter_differs(st, q, &tf, &got, keep_kind, d->kind);
				}
				checked_filters += 2;
			}
			other_failures += e;
		}
		free(qc.c);
		free(got.ids);
	}
	printf("%d queries (CJK 1:%d 2:%d 3+:%d, words/numbers:%d, number+CJK:%d, "
	       "CJK+word:%d), %zu documents returned, %d differences\n", nq, per_class[1], per_class[2],
	       per_class[3] + per_class[4] + per_class[5] + per_class[6], per_class[10],
	       per_class[11], per_class[12], total_hits, failures);
	printf("%d top-k orders (%d of them OR, AND, NOT and NEAR queries, with their documents), "
	       "%d facet counts, %d filters checked: %d differences\n",
	       checked_topk + checked_compound, checked_compound, checked_facets, checked_filters,
	       other_failures);
	printf("%lu phrase checks split across two threads\n", trawl__ix_nsplit);
	printf("%lu facet counts of the complement, %lu on two threads\n",
	       trawl__fx_ncomplement, trawl__fx_nsplit);
	if (!(getenv("TRAWL_PROP_STORE") && *getenv("TRAWL_PROP_STORE")) &&
	    (!trawl__fx_ncomplement ||
	    (!trawl__fx_nsplit && sysconf(_SC_NPROCESSORS_ONLN) > 1))) {
		printf("FAIL a path of the facet counts did not run\n");
		other_failures++;
	}
	if (!trawl__ix_nsplit && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		printf("FAIL no phrase check was split across two threads\n");
		other_failures++;
	}
	for (size_t k = 0; k < ndocs; k++) {
		for (size_t j = 0; j < docs[k].nunits; j++) free(docs[k].units[j].c);
		free(docs[k].units);
		free(docs[k].text.c); free(docs[k].norm); free(docs[k].facets);
	}
	free(docs);
	trawl_store_close(st);
	return failures || other_failures ? 1 : 0;
}
