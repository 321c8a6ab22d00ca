/* Names compared as a reader would: what diff and the report's "what is
 * new" share (see match.h). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "compare/match.h"
#include "util/buf.h"
#include "util/banned.h"

static int is_numbering(uint32_t c)
{
	return (c >= '0' && c <= '9') || c == 0x4E00 || c == 0x4E8C || c == 0x4E09 ||
	       c == 0x56DB || c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
	       c == 0x4E5D || c == 0x5341 || c == 0x3007; /* 一二三四五六七八九十〇 */
}

/* Keeps letters, digits and CJK; drops spaces and punctuation, a leading
 * enumeration ("一、", "(三)", "2.", "第四"), and with drop_years, digits
 * and the 年/年度 after them. */
char *trawl__name_norm(const char *s, int drop_years)
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

/* Similarity of two normalized labels: 1.0 when one contains the other,
 * else the Dice coefficient of their character bigrams. */
double trawl__name_similarity(const char *a, const char *b)
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

