/* Places: mainland Chinese provinces, prefectures and counties named in a
 * text, with their NBS 2023 division codes, from the gazetteer compiled in
 * from data/places.tsv (see data/SOURCE.md).
 *
 * The text is read left to right; at each character the longest full name
 * or short form that the rules below accept is taken, and reading goes on
 * after it. What has been named so far is the context:
 *
 *   - full names of provinces and prefectures are always taken;
 *   - short forms (北京, 延边, 浦东) are never taken before 路 街 道 巷 胡同 or
 *     时间 (北京时间, 中山路); a province's short form is taken anywhere, a
 *     prefecture's too, except right after the name of a place it doesn't
 *     belong to (so 金昌 in "辽宁金昌建设有限公司" is not Gansu's);
 *   - a county's full name is taken anywhere unless the gazetteer marks it:
 *     1 = only once its prefecture or province was named (or where it
 *     starts a word and names a government body: 图们市公安局, 关于龙井市
 *     人民政府), 2 = only right after the name of its prefecture or
 *     province (two-character names such as 城区 沛县, and names that are
 *     everyday words: 老城区, 合作市);
 *   - a county's short form is taken only right after its prefecture or
 *     province (杭州萧山), or, when it has three or more characters, once
 *     they were named (北京 … 石景山);
 *   - a full name ending in 区 or 县 before 域 (区域, 县域) or in 市 before 场
 *     (市场) is not a place.
 *
 * A name shared by several divisions (鼓楼区, 朝阳区) is given the one the
 * context supports best: right after its prefecture or province, else
 * whose prefecture, else whose province was named before; when that leaves more
 * than one, the division they all belong to is reported instead (its code
 * and name, with the matched text), and when they share none nothing is. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "facts/docmeta.h"
#include "util/banned.h"

struct trawl__place_def {
	uint32_t code;
	int parent;        /* index of the parent in trawl__place_defs, -1: none */
	int level;         /* 1 province, 2 prefecture, 3 county */
	int ctx;           /* needs_context: 0, 1 or 2 (see above) */
	const char *name;
};

struct trawl__place_key {
	const char *s;
	size_t len;
	int alias;
	int def;
};

#include "places_table.h"

#define MAX_SEEN 256
#define MAX_HITS 16

static const char *const level_names[] = { "", "province", "prefecture", "county" };

typedef struct pctx {
	int seen[MAX_SEEN];    /* divisions named so far, with their ancestors */
	int nseen;
	size_t prev_end;       /* the last place taken ended here ... */
	int prev_def;          /* ... and was this division (-1: none) */
} pctx;

static int ends_with(const char *s, const char *w)
{
	size_t n = strlen(s), k = strlen(w);
	return n >= k && !memcmp(s + n - k, w, k);
}

static int is_seen(const pctx *x, int d)
{
	for (int i = 0; i < x->nseen; i++)
		if (x->seen[i] == d)
			return 1;
	return 0;
}

static void mark_seen(pctx *x, int d)
{
	for (; d >= 0; d = trawl__place_defs[d].parent) {
		if (is_seen(x, d))
			continue;
		if (x->nseen >= MAX_SEEN)
			return;
		x->seen[x->nseen++] = d;
	}
}

static int ancestor_seen(const pctx *x, int d)
{
	for (d = trawl__place_defs[d].parent; d >= 0; d = trawl__place_defs[d].parent)
		if (is_seen(x, d))
			return 1;
	return 0;
}

/* The match starts right where the previous place, one of d's ancestors, ended. */
static int right_after_ancestor(const pctx *x, int d, size_t start)
{
	if (x->prev_def < 0 || x->prev_end != start)
		return 0;
	for (d = trawl__place_defs[d].parent; d >= 0; d = trawl__place_defs[d].parent)
		if (d == x->prev_def)
			return 1;
	return 0;
}

/* How well the context supports d: 3 right after one of its ancestors, 2
 * its prefecture named before, 1 its province named before, 0 neither. */
static int support(const pctx *x, int d, size_t start)
{
	int best = 0;
	if (right_after_ancestor(x, d, start))
		return 3;
	for (d = trawl__place_defs[d].parent; d >= 0; d = trawl__place_defs[d].parent)
		if (is_seen(x, d)) {
			int s = trawl__place_defs[d].level == 2 ? 2 : 1;
			if (s > best)
				best = s;
		}
	return best;
}

/* First key from lo on whose bytes are >= s[0..n) (keys are sorted by bytes). */
static size_t lower_bound(size_t lo, const char *s, size_t n)
{
	size_t hi = TRAWL__PLACE_NKEYS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct trawl__place_key *k = &trawl__place_keys[mid];
		size_t m = k->len < n ? k->len : n;
		int c = memcmp(k->s, s, m);
		if (c < 0 || (c == 0 && k->len < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where to look a name up, built once from the sorted keys:
 *   first_key[cp]  1 + the first key starting with the character cp, or 0
 *                  when none does (most characters of a text start no name);
 *   pairs          the keys that start with two given characters, as a
 *                  range [lo, hi) in an open-addressing table keyed by the
 *                  two code points;
 *   one_char       a bit for each character (below U+10000) that is a key
 *                  by itself (no key is, now: place names have two or more);
 *   pair_bits      a bit for each hash of the two first characters of a
 *                  key: a clear bit says that no key starts with those two
 *                  characters (a set bit may be another pair: pairs says).
 *                  Of the Chinese characters a text has, most begin some
 *                  key (a first_key hit) but few go on as one does. */
#define PAIR_SLOTS 16384   /* a power of two, over twice the distinct pairs */
typedef struct pair_slot {
	uint64_t key;      /* (cp1 << 21 | cp2) + 1; 0: empty */
	uint16_t lo, hi;
} pair_slot;

static uint16_t first_key[65536];
static uint64_t one_char[65536 / 64];
#define PAIR_BITS 65536    /* a power of two, over twenty times the pairs */
static uint64_t pair_bits[PAIR_BITS / 64];
static pair_slot pairs[PAIR_SLOTS];
static int pairs_full;     /* the table could not hold them: use lower_bound */
static pthread_once_t first_once = PTHREAD_ONCE_INIT;

static uint64_t pair_key(int32_t c1, int32_t c2)
{
	return (((uint64_t)c1 << 21) | (uint64_t)c2) + 1;
}

static size_t pair_hash(uint64_t k)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 50) & (PAIR_SLOTS - 1);
}

static size_t pair_bit(uint32_t c1, uint32_t c2)
{
	return (size_t)(((c1 * 0x9E3779B1u) ^ (c2 * 0x85EBCA77u)) >> 16) & (PAIR_BITS - 1);
}

static pair_slot *pair_find(uint64_t k, int insert)
{
	size_t h = pair_hash(k);
	for (size_t probe = 0; probe < PAIR_SLOTS; probe++, h = (h + 1) & (PAIR_SLOTS - 1)) {
		if (pairs[h].key == k)
			return &pairs[h];
		if (!pairs[h].key)
			return insert ? &pairs[h] : NULL;
	}
	return NULL;
}

static void first_init(void)
{
	_Static_assert(TRAWL__PLACE_NKEYS < 65535, "key indexes fit in 16 bits");
	for (size_t j = TRAWL__PLACE_NKEYS; j-- > 0;) {
		const struct trawl__place_key *k = &trawl__place_keys[j];
		size_t l, l2;
		int32_t c = cp_at(k->s, k->len, 0, &l), c2;
		if (c > 0 && c < 65536)
			first_key[c] = (uint16_t)(j + 1);
		c2 = cp_at(k->s, k->len, l, &l2);
		if (c > 0 && c < 65536 && l == k->len)
			one_char[c / 64] |= (uint64_t)1 << (c % 64);
		if (c > 0 && c2 > 0)
			pair_bits[pair_bit((uint32_t)c, (uint32_t)c2) / 64] |=
				(uint64_t)1 << (pair_bit((uint32_t)c, (uint32_t)c2) % 64);
		if (c > 0 && c2 > 0 && !pairs_full) {
			uint64_t pk = pair_key(c, c2);
			pair_slot *sl = pair_find(pk, 1);
			if (!sl) {
				pairs_full = 1;
			} else if (!sl->key) {
				sl->key = pk;
				sl->lo = (uint16_t)j;
				sl->hi = (uint16_t)(j + 1);
			} else {
				sl->lo = (uint16_t)j;   /* keys of a pair are contiguous */
			}
		}
	}
}

/* Whether t[i..) starts a word: the text's start, after a character that
 * is no Chinese letter (punctuation, a space, a digit), or after a
 * preposition (关于, 在, 由 …). */
static int word_start(const char *t, size_t i)
{
	static const char *const before[] = { "于", "在", "由", "向", "对", "经", "与", "及", "、",
		"。", "，", "；", "：", "（", "》", "【", NULL };
	if (i == 0 || (unsigned char)t[i - 1] < 0x80)
		return 1;
	for (const char *const *w = before; *w; w++) {
		size_t k = strlen(*w);
		if (i >= k && !memcmp(t + i - k, *w, k))
			return 1;
	}
	return 0;
}

/* Whether a government body of the place named before e follows it: its
 * name, a few Chinese letters with no break, ends in 局, 政府, 法院 …
 * (图们市公安局, 龙井市人民政府, 汪清县公安局边境管理大队). */
static int body_after(const char *t, size_t n, size_t e)
{
	static const char *const ends[] = { "政府", "局", "厅", "委员会", "法院", "检察院", "支队",
		"大队", "办公室", "管委会", "办事处", "中心", "分局", "派出所", NULL };
	size_t j = e;

	for (int chars = 0; chars < 10 && j + 3 <= n; chars++) {
		unsigned char c = (unsigned char)t[j];
		/* a Chinese letter (U+4E00..U+9FFF: E4 B8 80 .. E9 BF BF) */
		if (c < 0xE4 || c > 0xE9)
			return 0;
		j += 3;
		for (const char *const *w = ends; *w; w++) {
			size_t k = strlen(*w);
			if (j >= e + k && !memcmp(t + j - k, *w, k))
				return 1;
		}
	}
	return 0;
}

static int accept(const pctx *x, const struct trawl__place_key *k, const char *t, size_t n,
                  size_t i)
{
	const struct trawl__place_def *d = &trawl__place_defs[k->def];
	size_t e = i + k->len;
	int after = right_after_ancestor(x, k->def, i);

	if (k->alias) {
		static const char *const streets[] = { "路", "街", "道", "巷", "胡同", "时间", "時間",
			NULL };
		for (const char *const *w = streets; *w; w++)
			if (at(t, n, e, *w))
				return 0;
		if (d->level == 1)
			return 1;
		/* an autonomous division's short name with its 州 or 县 (红河州,
		 * 石林县: data/SOURCE.md) is taken as its full name is */
		if (d->level >= 2 && k->len >= 9 &&
		    (!memcmp(k->s + k->len - 3, "州", 3) || !memcmp(k->s + k->len - 3, "县", 3)) &&
		    ends_with(d->name, d->level == 2 ? "自治州" : "自治县"))
			return 1;
		if (d->level == 2)
			return after || x->prev_def < 0 || x->prev_end != i;
		/* county short forms */
		if (after)
			return 1;
		return k->len >= 9 && ancestor_seen(x, k->def);
	}
	if ((ends_with(d->name, "区") || ends_with(d->name, "县")) && at(t, n, e, "域"))
		return 0;
	if (ends_with(d->name, "市") && at(t, n, e, "场"))
		return 0;
	if (d->level < 3 || d->ctx == 0)
		return 1;
	/* (a name that is also words needs its prefecture or province
	 * named first, or to name the place of a body: 图们市公安局) */
	if (d->ctx == 1)
		return after || ancestor_seen(x, k->def) || (word_start(t, i) && body_after(t, n, e));
	return after;
}

/* Key k matches the text at i: the longest accepted keys so far are kept
 * in hits[0..*nh). */
static void take_key(const pctx *x, const struct trawl__place_key *k, const char *t, size_t n,
                     size_t i, size_t *best_len, int hits[MAX_HITS], int *nh)
{
	if (k->len > n - i || memcmp(k->s, t + i, k->len) || k->len < *best_len)
		return;
	if (!accept(x, k, t, n, i))
		return;
	if (k->len > *best_len) {
		*best_len = k->len;
		*nh = 0;
	}
	if (*nh < MAX_HITS)
		hits[(*nh)++] = k->def;
}

/* The nearest division all of hits[0..n) belong to, or -1. */
static int shared_ancestor(const int *hits, int n)
{
	int a = trawl__place_defs[hits[0]].parent;
	for (; a >= 0; a = trawl__place_defs[a].parent) {
		int all = 1;
		for (int i = 1; i < n && all; i++) {
			int d = trawl__place_defs[hits[i]].parent;
			while (d >= 0 && d != a)
				d = trawl__place_defs[d].parent;
			all = d == a;
		}
		if (all)
			return a;
	}
	return -1;
}

int trawl__place_index(uint32_t code)
{
	size_t lo = 0, hi = TRAWL__PLACE_NDEFS;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (trawl__place_defs[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < TRAWL__PLACE_NDEFS && trawl__place_defs[lo].code == code ? (int)lo : -1;
}

int trawl__place_parent(int d)
{
	return d >= 0 && d < TRAWL__PLACE_NDEFS ? trawl__place_defs[d].parent : -1;
}

uint32_t trawl__place_code(int d)
{
	return d >= 0 && d < TRAWL__PLACE_NDEFS ? trawl__place_defs[d].code : 0;
}

const char *trawl__place_name(int d)
{
	return d >= 0 && d < TRAWL__PLACE_NDEFS ? trawl__place_defs[d].name : "";
}

static int report(int d, size_t s, size_t e, trawl__fact_cb cb, void *u)
{
	const struct trawl__place_def *p = &trawl__place_defs[d];
	trawl__fact f;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_PLACE;
	f.start = (uint32_t)s;
	f.end = (uint32_t)e;
	copy_str(f.value, sizeof f.value, p->name);
	copy_str(f.role, sizeof f.role, level_names[p->level]);
	{
		/* the six-digit division code, as %06u */
		uint32_t v = p->code % 1000000;
		for (int k = 5; k >= 0; k--, v /= 10)
			f.code[k] = (char)('0' + v % 10);
		f.code[6] = '\0';
	}
	return cb(u, &f);
}

int trawl__extract_places(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb,
                          void *u)
{
	pctx x;
	size_t i = 0;
	int count = 0;
	(void)c;

	if (!t || !cb)
		return 0;
	pthread_once(&first_once, first_init);
	memset(&x, 0, sizeof x);
	x.prev_def = -1;
	while (i < n) {
		size_t cl, first, j, best_len = 0;
		int hits[MAX_HITS], nh = 0, chosen = -1;
		int32_t cp;
		unsigned char c0 = (unsigned char)t[i];

		/* the characters that begin no name, passed over first: ASCII,
		 * and a three-byte character no key starts with (what it decodes
		 * to when malformed is looked at again below) */
		if (c0 < 0x80) {
			i++;
			continue;
		}
		if ((c0 & 0xF0) == 0xE0 && i + 3 <= n) {
			uint32_t m1 = ((uint32_t)(c0 & 0x0F) << 12) |
			              (((unsigned char)t[i + 1] & 0x3F) << 6) |
			              ((unsigned char)t[i + 2] & 0x3F), m2;
			unsigned char d0;
			if (!first_key[m1]) {
				i += 3;
				continue;
			}
			/* followed by a three-byte character, and no key is this
			 * character alone: a name starts here only if a key starts
			 * with the two. When the pair's bit is clear, none does, and
			 * the search below finds nothing and moves on 3 bytes too:
			 * malformed at i, cp_at fails; else cp is m1, no key of its
			 * run has the length of one character, and the next
			 * character is malformed (cp_at fails) or is m2, which no
			 * key has second (pairs and lower_bound both find none). */
			/* (t[i + 3] read only within the text: t[n] may be no
			 * byte of it) */
			if (i + 6 <= n && ((d0 = (unsigned char)t[i + 3]) & 0xF0) == 0xE0 &&
			    !(one_char[m1 / 64] >> (m1 % 64) & 1)) {
				m2 = ((uint32_t)(d0 & 0x0F) << 12) |
				     (((unsigned char)t[i + 4] & 0x3F) << 6) |
				     ((unsigned char)t[i + 5] & 0x3F);
				if (!(pair_bits[pair_bit(m1, m2) / 64] >> (pair_bit(m1, m2) % 64) & 1)) {
					i += 3;
					continue;
				}
			}
		}
		cl = u8len(c0);
		if (cl < 3 || i + cl > n) {     /* all names are CJK */
			i += cl;
			continue;
		}
		cp = cp_at(t, n, i, &j);
		if (cp < 65536) {
			if (cp < 0 || !first_key[cp]) {
				i += cl;
				continue;
			}
			first = first_key[cp] - 1;
		} else {
			first = lower_bound(0, t + i, cl);
		}
		/* keys starting with this character, longest accepted wins: the
		 * one-character ones sort first, then those that go on with the
		 * next character of the text */
		for (j = first; j < TRAWL__PLACE_NKEYS; j++) {
			const struct trawl__place_key *k = &trawl__place_keys[j];
			size_t cl2, lo, hi;
			int32_t cp2;
			if (k->len < cl || memcmp(k->s, t + i, cl))
				break;
			if (k->len == cl) {
				take_key(&x, k, t, n, i, &best_len, hits, &nh);
				continue;
			}
			/* the keys that share the text's next character */
			cp2 = cp_at(t, n, i + cl, &cl2);
			if (cp2 <= 0)
				break;
			cl2 += cl;
			if (!pairs_full && cp < 65536) {
				const pair_slot *sl = pair_find(pair_key(cp, cp2), 0);
				if (!sl)
					break;
				lo = sl->lo;
				hi = sl->hi;
			} else {
				lo = lower_bound(j, t + i, cl2);
				hi = TRAWL__PLACE_NKEYS;
			}
			for (j = lo; j < hi; j++) {
				k = &trawl__place_keys[j];
				if (k->len < cl2 || memcmp(k->s, t + i, cl2))
					break;
				take_key(&x, k, t, n, i, &best_len, hits, &nh);
			}
			break;
		}
		if (!nh) {
			i += cl;
			continue;
		}
		if (nh == 1) {
			chosen = hits[0];
		} else {
			/* a shared name: keep those best supported by what was named */
			int in_ctx[MAX_HITS], m = 0, top = 0;
			for (int h = 0; h < nh; h++) {
				int sp = support(&x, hits[h], i);
				if (sp > top) {
					top = sp;
					m = 0;
				}
				if (sp == top && sp > 0)
					in_ctx[m++] = hits[h];
			}
			if (m == 1)
				chosen = in_ctx[0];
			else if (m > 1)
				chosen = shared_ancestor(in_ctx, m);
			else
				chosen = shared_ancestor(hits, nh);
		}
		if (chosen >= 0) {
			count++;
			if (report(chosen, i, i + best_len, cb, u))
				return count;
			mark_seen(&x, chosen);
			x.prev_end = i + best_len;
			x.prev_def = chosen;
			i += best_len;
		} else {
			i += cl;
		}
	}
	return count;
}

int trawl__place_lookup(const char *s, size_t n, int *out, int max)
{
	size_t j;
	int k = 0;

	if (!s || !n)
		return 0;
	for (j = lower_bound(0, s, n); j < TRAWL__PLACE_NKEYS; j++) {
		const struct trawl__place_key *key = &trawl__place_keys[j];
		int seen = 0;
		if (key->len != n || memcmp(key->s, s, n))
			break;
		for (int i = 0; i < k && i < max; i++)
			seen |= out[i] == key->def;
		if (seen)
			continue;
		if (k < max)
			out[k] = key->def;
		k++;
	}
	return k;
}

int trawl__place_resolve(const char *s, size_t n, int *several)
{
	int hits[MAX_HITS], k, top = -1, ntop = 0;
	size_t i;

	if (several)
		*several = 0;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* a division code */
	if (n == 6) {
		uint32_t code = 0;
		for (i = 0; i < 6 && s[i] >= '0' && s[i] <= '9'; i++)
			code = code * 10 + (uint32_t)(s[i] - '0');
		if (i == 6)
			return trawl__place_index(code);
	}
	k = trawl__place_lookup(s, n, hits, MAX_HITS);
	if (k == 1)
		return hits[0];
	if (k > MAX_HITS)
		k = MAX_HITS;
	/* a full name wins over a short form (吉林省 is one place), and the
	 * gazetteer gives a shared short form to its highest division only */
	for (i = 0; i < (size_t)k; i++) {
		if (strlen(trawl__place_defs[hits[i]].name) == n) {
			if (ntop == 0 || trawl__place_defs[hits[i]].level < trawl__place_defs[top].level)
				top = hits[i], ntop = 1;
			else if (trawl__place_defs[hits[i]].level == trawl__place_defs[top].level)
				ntop++;
		}
	}
	if (ntop == 1)
		return top;
	if (k > 1 && several)
		*several = 1;
	return -1;
}

void trawl__place_prefix(int d, char out[8])
{
	uint32_t code = trawl__place_code(d);
	int len = 6;

	snprintf(out, 8, "%06u", (unsigned)(code % 1000000));
	/* a province's sub-divisions share its first two digits, a
	 * prefecture's its first four */
	if (d >= 0 && d < TRAWL__PLACE_NDEFS) {
		if (trawl__place_defs[d].level == 1)
			len = 2;
		else if (trawl__place_defs[d].level == 2)
			len = 4;
	}
	out[len] = '\0';
}
