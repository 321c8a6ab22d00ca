#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "index/tokenize.h"
#include "t2s_table.h"
#include "util/banned.h"

#define MAX_WORD 256
/* A prefix byte for tokens that touch the token before them with no gap
 * between a word and a CJK run ("2024年"), so a phrase like 2024年 does not
 * match "2024, 年". It can't occur in text: control characters are
 * dropped during normalization. */
#define ADJ '\x01'

/* Which code points of the BMP the table folds: most CJK text is
 * Simplified already, and a snippet or a tokenizer folds every character,
 * so a bit test answers most of them without the binary search. */
static uint8_t t2s_bmp[0x10000 / 8];
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static void t2s_init(void)
{
	for (size_t i = 0; i < TRAWL__T2S_COUNT; i++)
		if (trawl__t2s_table[i][0] < 0x10000)
			t2s_bmp[trawl__t2s_table[i][0] >> 3] |=
				(uint8_t)(1u << (trawl__t2s_table[i][0] & 7));
}

uint32_t trawl__fold_t2s(uint32_t cp)
{
	size_t lo = 0, hi = TRAWL__T2S_COUNT;

	if (cp < 0x3400)
		return cp;
	if (cp < 0x10000) {
		pthread_once(&t2s_once, t2s_init);
		if (!(t2s_bmp[cp >> 3] & (1u << (cp & 7))))
			return cp;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (trawl__t2s_table[mid][0] == cp)
			return trawl__t2s_table[mid][1];
		if (trawl__t2s_table[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

int trawl__is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0xF900 && c <= 0xFAFF) ||
	       c == 0x3007 || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
	       (c >= 0x3130 && c <= 0x318F);
}

int trawl__is_wordchar(uint32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (trawl__is_cjk(c))
		return 0;
	cat = utf8proc_category((utf8proc_int32_t)c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Decodes the code point at p (valid UTF-8 is expected; a bad byte is
 * taken as U+FFFD of length 1). */
static int next_cp(const unsigned char *p, int avail, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(p, avail, &c);
	if (k <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (uint32_t)c;
	return (int)k;
}

static int put_cp(char *o, uint32_t cp)
{
	return (int)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)o);
}

/* Case- and accent-folds a word into out; returns its length. */
static int fold_word(const char *w, int n, char *out, int outsz)
{
	int i, ascii = 1, len;
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t ml;

	for (i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		len = n < outsz ? n : outsz;
		for (i = 0; i < len; i++)
			out[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
		return len;
	}
	ml = utf8proc_map((const utf8proc_uint8_t *)w, n, &m,
	                  UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK);
	if (ml < 0) {
		len = n < outsz ? n : outsz;
		memcpy(out, w, (size_t)len);
		return len;
	}
	len = ml < outsz ? (int)ml : outsz;
	/* don't cut a UTF-8 sequence */
	while (len > 0 && len < ml && (m[len] & 0xC0) == 0x80)
		len--;
	memcpy(out, m, (size_t)len);
	free(m);
	return len;
}

/* 1,234,835.69 is indexed and searched as 1234835.69, so that a figure is
 * found however a document groups its digits. Only a whole token that is a
 * number grouped by threes (1-3 digits, then ",ddd" at least once, then
 * an optional ".d+") loses its commas: 1,2,3 and 12,34 stay as written.
 * Returns w's new length. */
static int ungroup(char *w, int n)
{
	int i = 0, lead = 0, o;

	while (i < n && w[i] >= '0' && w[i] <= '9')
		i++;
	lead = i;
	if (lead < 1 || lead > 3 || i >= n || w[i] != ',')
		return n;
	while (i < n && w[i] == ',') {
		int k;
		for (k = 1; k <= 3; k++)
			if (i + k >= n || w[i + k] < '0' || w[i + k] > '9')
				return n;
		i += 4;
		if (i < n && w[i] >= '0' && w[i] <= '9')
			return n;   /* ,dddd */
	}
	if (i < n) {
		if (w[i] != '.' || i + 1 >= n)
			return n;
		for (i++; i < n; i++)
			if (w[i] < '0' || w[i] > '9')
				return n;
	}
	for (i = o = 0; i < n; i++)
		if (w[i] != ',')
			w[o++] = w[i];
	return o;
}

/* A word's full-width commas (kept between digits) as ","; returns its
 * new length. */
static int fw_commas(char *w, int n)
{
	int o = 0;

	for (int i = 0; i < n; i++) {
		if (i + 2 < n && (unsigned char)w[i] == 0xEF && (unsigned char)w[i + 1] == 0xBC &&
		    (unsigned char)w[i + 2] == 0x8C) {
			w[o++] = ',';
			i += 2;
			continue;
		}
		w[o++] = w[i];
	}
	return o;
}

typedef struct cjk_char {
	uint32_t cp;      /* folded */
	int start, end;   /* in the source */
} cjk_char;

/* Emits positions 0..upto-1 of a run of n characters (upto < n when the
 * run goes on past a full buffer). */
static int emit_run(const cjk_char *run, int n, int upto, int mode, int adjacent,
                    trawl__tok_cb cb, void *u)
{
	char tok[16];
	int i, rc, k;

	for (i = 0; i < upto; i++) {
		/* ADJ marks a token that touches the word before it with no gap */
		int adj = adjacent && i == 0;
		if (mode == TRAWL__TOK_QUERY) {
			/* a phrase: bigrams, then the last character alone */
			k = 0;
			if (adj)
				tok[k++] = ADJ;
			k += put_cp(tok + k, run[i].cp);
			if (n == 1 || i == n - 1) {
				rc = cb(u, 0, tok, k, run[i].start, run[i].end);
			} else {
				k += put_cp(tok + k, run[i + 1].cp);
				rc = cb(u, 0, tok, k, run[i].start, run[i + 1].end);
			}
			if (rc)
				return rc;
			continue;
		}
		if (adj) {
			tok[0] = ADJ;
			k = 1 + put_cp(tok + 1, run[i].cp);
			rc = cb(u, 0, tok, k, run[i].start, run[i].end);
			if (!rc && i + 1 < n) {
				k += put_cp(tok + k, run[i + 1].cp);
				rc = cb(u, 1, tok, k, run[i].start, run[i + 1].end);
			}
			if (rc)
				return rc;
			/* the plain tokens below share this position */
			if (i + 1 < n) {
				k = put_cp(tok, run[i].cp);
				k += put_cp(tok + k, run[i + 1].cp);
				rc = cb(u, 1, tok, k, run[i].start, run[i + 1].end);
				if (!rc) {
					k = put_cp(tok, run[i].cp);
					rc = cb(u, 1, tok, k, run[i].start, run[i].end);
				}
			} else {
				k = put_cp(tok, run[i].cp);
				rc = cb(u, 1, tok, k, run[i].start, run[i].end);
			}
			if (rc)
				return rc;
			continue;
		}
		if (i + 1 < n) {
			k = put_cp(tok, run[i].cp);
			k += put_cp(tok + k, run[i + 1].cp);
			rc = cb(u, 0, tok, k, run[i].start, run[i + 1].end);
			if (rc)
				return rc;
			k = put_cp(tok, run[i].cp);
			rc = cb(u, 1, tok, k, run[i].start, run[i].end);
		} else {
			k = put_cp(tok, run[i].cp);
			rc = cb(u, 0, tok, k, run[i].start, run[i].end);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int trawl__tokenize(const char *text, int len, int mode, trawl__tok_cb cb, void *u)
{
	const unsigned char *p = (const unsigned char *)text;
	cjk_char run[64];
	int nrun = 0, i = 0, rc = 0, run_adj = 0, last_word_end = -1, last_cjk_end = -1;
	char folded[MAX_WORD + 8];

	while (i < len && !rc) {
		uint32_t c;
		int k = next_cp(p + i, len - i, &c);

		if (trawl__is_cjk(c)) {
			if (nrun == 0)
				run_adj = last_word_end == i;
			if (nrun == (int)(sizeof run / sizeof run[0])) {
				/* keep the last character so bigrams continue across the flush */
				rc = emit_run(run, nrun, nrun - 1, mode, run_adj, cb, u);
				run[0] = run[nrun - 1];
				nrun = 1;
				run_adj = 0;
				if (rc)
					break;
			}
			run[nrun].cp = trawl__fold_t2s(c);
			run[nrun].start = i;
			run[nrun].end = i + k;
			nrun++;
			i += k;
			continue;
		}
		if (nrun) {
			rc = emit_run(run, nrun, nrun, mode, run_adj, cb, u);
			last_cjk_end = run[nrun - 1].end;
			nrun = 0;
			if (rc)
				break;
		}
		if (trawl__is_wordchar(c)) {
			int start = i, end, prev_digit = is_digit(c), fw = 0;
			i += k;
			while (i < len) {
				uint32_t d;
				int kk = next_cp(p + i, len - i, &d);
				if (trawl__is_wordchar(d)) {
					prev_digit = is_digit(d);
					i += kk;
					continue;
				}
				/* 3,541.07: a separator between two digits stays in the number */
				if ((d == '.' || d == ',') && prev_digit && i + 1 < len &&
				    is_digit(p[i + 1])) {
					i += 1;
					continue;
				}
				/* and a full-width comma, which normalization keeps between
				 * digits (356，800 is the token 356800, as 356,800 is) */
				if (d == 0xFF0C && prev_digit && i + 3 < len && is_digit(p[i + 3])) {
					i += 3;
					fw = 1;
					continue;
				}
				break;
			}
			end = i;
			last_word_end = end;
			k = fold_word(text + start, end - start, folded + 1, MAX_WORD);
			if (fw)
				k = fw_commas(folded + 1, k);
			/* 1,234,835.69 is the token 1234835.69 */
			k = ungroup(folded + 1, k);
			/* marks alone (U+0302 after a space) fold to nothing: no token */
			if (k == 0)
				continue;
			if (last_cjk_end == start) {
				/* a word right after a CJK run: 万元2023 */
				folded[0] = ADJ;
				rc = cb(u, 0, folded, k + 1, start, end);
				if (rc || mode == TRAWL__TOK_QUERY)
					continue;
				/* and the plain word at the same position */
				rc = cb(u, 1, folded + 1, k, start, end);
				continue;
			}
			rc = cb(u, 0, folded + 1, k, start, end);
			continue;
		}
		i += k;
	}
	if (!rc && nrun)
		rc = emit_run(run, nrun, nrun, mode, run_adj, cb, u);
	return rc;
}
