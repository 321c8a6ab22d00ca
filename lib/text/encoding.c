/* Encoding detection and decoding. Order of evidence: a BOM, then a
 * declaration in the document, then valid UTF-8, then uchardet, then strict
 * trial decodes of the Chinese encodings. iconv does the conversions. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>
#include "text/text.h"
#include "util/banned.h"

int trawl__utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p;
		size_t k;
		unsigned cp;
		if (c < 0x80) { p++; continue; }
		if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
		else return 0;
		if ((size_t)(e - p) <= k)
			return 0;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		p += k + 1;
	}
	return 1;
}

/* Length of the valid UTF-8 sequence at p, or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t avail)
{
	unsigned c = p[0];
	size_t k;

	if (c < 0x80) return 1;
	if (c >= 0xC2 && c <= 0xDF) k = 2;
	else if (c >= 0xE0 && c <= 0xEF) k = 3;
	else if (c >= 0xF0 && c <= 0xF4) k = 4;
	else return 0;
	if (avail < k || !trawl__utf8_valid((const char *)p, k))
		return 0;
	return k;
}

/* Labels (WHATWG's, and every name uchardet 0.0.7 answers) to the name
 * given to iconv. Every canonical name here must open in glibc's iconv
 * (unit test decode_every_canonical_name), except HZ, decoded here. */
static const struct { const char *label, *canon; } charsets[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "us-ascii", "UTF-8" }, { "ascii", "UTF-8" },
	{ "gb18030", "GB18030" }, { "gbk", "GB18030" }, { "gb2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "x-gbk", "GB18030" }, { "cp936", "GB18030" },
	{ "euc-cn", "GB18030" }, { "chinese", "GB18030" }, { "csgb2312", "GB18030" },
	{ "windows-936", "GB18030" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "cp950", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
	{ "euc-tw", "EUC-TW" }, { "iso-2022-cn", "ISO-2022-CN" }, { "hz-gb-2312", "HZ" },
	{ "utf-16", "UTF-16" }, { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	{ "utf-32", "UTF-32" }, { "utf-32le", "UTF-32LE" }, { "utf-32be", "UTF-32BE" },
	{ "windows-1252", "WINDOWS-1252" }, { "iso-8859-1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" }, { "cp1252", "WINDOWS-1252" },
	{ "shift_jis", "SHIFT_JIS" }, { "sjis", "SHIFT_JIS" }, { "x-sjis", "SHIFT_JIS" },
	{ "windows-31j", "CP932" }, { "cp932", "CP932" }, { "euc-jp", "EUC-JP" },
	{ "iso-2022-jp", "ISO-2022-JP" },
	{ "euc-kr", "CP949" }, { "uhc", "CP949" }, { "cp949", "CP949" },
	{ "ks_c_5601-1987", "CP949" }, { "iso-2022-kr", "ISO-2022-KR" },
	{ "windows-1251", "WINDOWS-1251" }, { "cp1251", "WINDOWS-1251" },
	{ "koi8-r", "KOI8-R" }, { "koi8-u", "KOI8-U" }, { "ibm866", "IBM866" },
	{ "cp866", "IBM866" }, { "mac-cyrillic", "MAC-CYRILLIC" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC" }, { "iso-8859-5", "ISO-8859-5" },
	{ "iso-8859-2", "ISO-8859-2" }, { "iso-8859-3", "ISO-8859-3" },
	{ "iso-8859-4", "ISO-8859-4" }, { "iso-8859-6", "ISO-8859-6" },
	{ "iso-8859-7", "ISO-8859-7" }, { "iso-8859-8", "ISO-8859-8" },
	{ "iso-8859-9", "WINDOWS-1254" }, { "iso-8859-10", "ISO-8859-10" },
	{ "iso-8859-13", "ISO-8859-13" }, { "iso-8859-15", "ISO-8859-15" },
	{ "iso-8859-16", "ISO-8859-16" }, { "ibm852", "IBM852" }, { "cp852", "IBM852" },
	{ "mac-centraleurope", "MAC-CENTRALEUROPE" },
	{ "windows-1250", "WINDOWS-1250" }, { "windows-1253", "WINDOWS-1253" },
	{ "windows-1254", "WINDOWS-1254" }, { "windows-1255", "WINDOWS-1255" },
	{ "windows-1256", "WINDOWS-1256" }, { "windows-1257", "WINDOWS-1257" },
	{ "windows-1258", "WINDOWS-1258" }, { "tis-620", "TIS-620" },
	{ "windows-874", "CP874" }, { "viscii", "VISCII" },
};

const char *trawl__charset_canonical(const char *label)
{
	size_t i;

	if (!label || !*label)
		return NULL;
	for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
		if (!strcasecmp(label, charsets[i].label))
			return charsets[i].canon;
	return NULL;
}

void trawl__iconv_preload(void)
{
	/* kept open for the life of the process: glibc keeps a module loaded
	 * while a descriptor uses it */
	static iconv_t kept[sizeof charsets / sizeof charsets[0]];
	size_t i;

	for (i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
		if (!kept[i])
			kept[i] = iconv_open("UTF-8", charsets[i].label);
}

static const char *find_ci(const char *p, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (!strncasecmp(p + i, needle, m))
			return p + i;
	return NULL;
}

int trawl__sniff_declared_charset(const char *p, size_t n, char *out, size_t outsz)
{
	const char *q, *e;
	size_t lim = n < 4096 ? n : 4096;

	/* <?xml version="1.0" encoding="GBK"?> */
	if (lim > 5 && !strncmp(p, "<?xml", 5)) {
		const char *end = memchr(p, '>', lim);
		q = end ? find_ci(p, (size_t)(end - p), "encoding=") : NULL;
		if (q) {
			q += 9;
			goto value;
		}
	}
	for (q = p; (q = find_ci(q, lim - (size_t)(q - p), "<meta")); q += 5) {
		const char *end = memchr(q, '>', lim - (size_t)(q - p));
		const char *cs, *v;
		if (!end)
			break;
		cs = find_ci(q, (size_t)(end - q), "charset");
		if (!cs)
			continue;
		/* (not q: the loop goes on from the <meta it found, and q
		 * moved past it could pass the end of the text) */
		v = cs + 7;
		while (v < end && isspace((unsigned char)*v)) v++;
		if (v >= end || *v != '=')
			continue;
		q = v + 1;
		goto value;
	}
	return 0;
value:
	while (q < p + lim && (isspace((unsigned char)*q) || *q == '"' || *q == '\''))
		q++;
	e = q;
	while (e < p + lim && (isalnum((unsigned char)*e) || *e == '-' || *e == '_' ||
	                       *e == ':' || *e == '.'))
		e++;
	if (e == q || (size_t)(e - q) >= outsz)
		return 0;
	memcpy(out, q, (size_t)(e - q));
	out[e - q] = '\0';
	return 1;
}

static const char repl[] = "\xEF\xBF\xBD";

/* HZ (RFC 1843), which glibc's iconv lacks: 7-bit text where "~{" ... "~}"
 * holds GB2312 with the high bits cleared. Rewritten here as GB2312 bytes;
 * a broken sequence becomes U+FFFD (in GB18030: 84 31 A4 37). */
static trawl_err hz_to_gb(const char *p, size_t n, trawl__buf *gb, size_t *invalid,
                          size_t *first_invalid)
{
	static const char fffd[] = "\x84\x31\xA4\x37";
	const unsigned char *u = (const unsigned char *)p;
	trawl_err rc = TRAWL_OK;
	size_t i = 0;
	int in_gb = 0;

	while (i < n && !rc) {
		unsigned c = u[i];
		if (c == '~' && i + 1 < n && (u[i + 1] == '{' || u[i + 1] == '}')) {
			in_gb = u[i + 1] == '{';
			i += 2;
		} else if (!in_gb && c == '~' && i + 1 < n && u[i + 1] == '~') {
			trawl__buf_add_rc(&rc, gb, "~", 1);
			i += 2;
		} else if (!in_gb && c == '~' && i + 1 < n && u[i + 1] == '\n') {
			i += 2; /* a line continuation */
		} else if (in_gb && c >= 0x21 && c <= 0x7E && i + 1 < n &&
		           u[i + 1] >= 0x21 && u[i + 1] <= 0x7E) {
			char pair[2] = { (char)(c | 0x80), (char)(u[i + 1] | 0x80) };
			trawl__buf_add_rc(&rc, gb, pair, 2);
			i += 2;
		} else if (c < 0x80 && (!in_gb || c == '\n' || c == '\r')) {
			if (c == '\n')
				in_gb = 0; /* a line ends in ASCII mode */
			trawl__buf_add_rc(&rc, gb, p + i, 1);
			i++;
		} else {
			if (!*invalid && first_invalid)
				*first_invalid = i;
			(*invalid)++;
			trawl__buf_add_rc(&rc, gb, fffd, 4);
			i++;
		}
	}
	return rc;
}

trawl_err trawl__iconv_to_utf8(const char *p, size_t n, const char *from,
                               trawl__buf *out, size_t *invalid, size_t *first_invalid)
{
	iconv_t cd;
	char *in = (char *)p;
	size_t left = n, bad = 0;
	trawl_err rc = TRAWL_OK;

	*invalid = 0;
	if (first_invalid)
		*first_invalid = 0;
	if (!strcmp(from, "HZ")) {
		trawl__buf gb;
		size_t more = 0;
		trawl__buf_init(&gb, out->max);
		rc = hz_to_gb(p, n, &gb, &bad, first_invalid);
		if (!rc)
			rc = trawl__iconv_to_utf8(gb.data, gb.len, "GB18030", out, &more, NULL);
		trawl__buf_release(&gb);
		*invalid = bad + more;
		return rc;
	}
	if (!strcmp(from, "UTF-8")) {
		/* Validate and repair without iconv. */
		const unsigned char *u = (const unsigned char *)p;
		size_t i = 0, start = 0;
		while (i < n) {
			size_t k = utf8_seq(u + i, n - i);
			if (k) { i += k; continue; }
			rc = trawl__buf_add(out, p + start, i - start);
			if (!rc) rc = trawl__buf_add(out, repl, 3);
			if (rc) return rc;
			if (!bad && first_invalid) *first_invalid = i;
			bad++;
			i++;
			start = i;
		}
		rc = trawl__buf_add(out, p + start, n - start);
		*invalid = bad;
		return rc;
	}
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return TRAWL_EUNSUPPORTED;
	while (left > 0) {
		char *o;
		size_t olen, r;
		rc = trawl__buf_grow(out, left < SIZE_MAX / 4 ? left * 2 + 16 : left);
		if (rc)
			break;
		o = out->data + out->len;
		olen = out->cap - out->len - 1;
		r = iconv(cd, &in, &left, &o, &olen);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): replace one byte. */
		if (!bad && first_invalid)
			*first_invalid = (size_t)(in - p);
		bad++;
		rc = trawl__buf_add(out, repl, 3);
		if (rc)
			break;
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* stateful encodings (ISO-2022-*, windows-1258) hold back their last
	 * characters until told the input has ended */
	if (!rc)
		rc = trawl__buf_grow(out, 64);
	if (!rc) {
		char *o = out->data + out->len;
		size_t olen = out->cap - out->len - 1;
		iconv(cd, NULL, NULL, &o, &olen);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
	}
	iconv_close(cd);
	*invalid = bad;
	return rc;
}

/* Counts bytes that iconv rejects, stopping early past `limit`. */
static size_t trial_errors(const char *p, size_t n, const char *from, size_t limit)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)p, obuf[8192];
	size_t left = n, bad = 0;

	if (cd == (iconv_t)-1)
		return (size_t)-1;
	while (left > 0 && bad <= limit) {
		char *o = obuf;
		size_t olen = sizeof obuf;
		if (iconv(cd, &in, &left, &o, &olen) != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		bad++;
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return bad;
}

/* UTF-16 without a BOM shows as many zero bytes on one side. */
static const char *guess_utf16(const unsigned char *p, size_t n)
{
	size_t i, even = 0, odd = 0, lim = n < 4096 ? n : 4096;

	if (lim < 4)
		return NULL;
	for (i = 0; i + 1 < lim; i += 2) {
		even += p[i] == 0;
		odd += p[i + 1] == 0;
	}
	if (odd * 4 > lim / 2 && even * 20 < lim / 2)
		return "UTF-16LE";
	if (even * 4 > lim / 2 && odd * 20 < lim / 2)
		return "UTF-16BE";
	return NULL;
}

/* How much a byte string that decodes without error as GB18030 (big5 == 0)
 * or Big5 (big5 == 1) looks like Chinese, in percent: the share of its
 * two-byte characters that fall in the frequent block (GB2312 level 1:
 * lead 0xB0-0xD7; Big5 level 1: lead 0xA4-0xC6); punctuation rows count
 * for nothing, GB2312's kana, Greek and Cyrillic rows count against. Cyrillic in windows-1251, kana in Shift-JIS and Big5 read as GB
 * all land mostly outside, while real text lands mostly inside (level 1
 * holds the characters of almost all running text). */
static int chinese_score(const unsigned char *p, size_t n, int big5)
{
	size_t i = 0, good = 0, bad = 0;

	while (i < n) {
		unsigned c = p[i], t;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (i + 1 >= n) {
			bad++;
			break;
		}
		t = p[i + 1];
		if (!big5 && t >= 0x30 && t <= 0x39) {
			bad++; /* a four-byte GB18030 sequence: rare characters */
			i += 4;
			continue;
		}
		if (big5 ? (c >= 0xA1 && c <= 0xA3) :
		    ((c <= 0xA3 || c == 0xA8 || c == 0xA9) && c >= 0xA1 && t >= 0xA1))
			; /* punctuation, symbols, pinyin, box drawing */
		else if (big5 ? (c >= 0xA4 && c <= 0xC6) : (c >= 0xB0 && c <= 0xD7 && t >= 0xA1))
			good++;
		else
			bad++;
		i += 2;
	}
	return good + bad ? (int)(good * 100 / (good + bad)) : 0;
}

/* uchardet answers a CJK multi-byte encoding only on real evidence; its
 * single-byte answers for short Chinese text are often wrong. */
static int cjk_multibyte(const char *canon)
{
	static const char *const names[] = { "SHIFT_JIS", "CP932", "EUC-JP", "ISO-2022-JP",
		"CP949", "ISO-2022-KR", "EUC-TW", "ISO-2022-CN", "HZ" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(canon, names[i]))
			return 1;
	return 0;
}

#define PLAUSIBLE 60 /* percent: chinese_score() of text taken as Chinese */

static const char *detect_undeclared(const char *p, size_t n)
{
	const char *canon = NULL;
	size_t sample = n < (1u << 20) ? n : (1u << 20);
	const unsigned char *u = (const unsigned char *)p;
	uchardet_t ud;
	int gb = -1, big5 = -1;

	if ((canon = guess_utf16(u, n)))
		return canon;
	ud = uchardet_new();
	if (ud) {
		/* the name belongs to ud: map it to our static one before the delete */
		if (uchardet_handle_data(ud, p, sample) == 0) {
			uchardet_data_end(ud);
			canon = trawl__charset_canonical(uchardet_get_charset(ud));
		}
		uchardet_delete(ud);
	}
	/* (invalid UTF-8 is never UTF-8, whatever uchardet says) */
	if (canon && !strcmp(canon, "UTF-8"))
		canon = NULL;
	if (canon && (!strcmp(canon, "GB18030") || !strcmp(canon, "BIG5-HKSCS") ||
	              !strncmp(canon, "UTF-16", 6) || cjk_multibyte(canon)))
		return canon;
	/* uchardet is weak on short Chinese text: strict trial decodes, and
	 * how Chinese each reading looks */
	if (trial_errors(p, sample, "GB18030", 0) == 0)
		gb = chinese_score(u, sample, 0);
	if (trial_errors(p, sample, "BIG5-HKSCS", 0) == 0)
		big5 = chinese_score(u, sample, 1);
	if (big5 >= PLAUSIBLE && big5 > gb + 20)
		return "BIG5-HKSCS";
	if (gb >= PLAUSIBLE)
		return "GB18030";
	if (big5 >= PLAUSIBLE)
		return "BIG5-HKSCS";
	if (canon)
		return canon;
	if (gb >= 0)
		return "GB18030";
	if (big5 >= 0)
		return "BIG5-HKSCS";
	return "WINDOWS-1252";
}

trawl_err trawl__decode_view(const char *p, size_t n, const char *declared,
                             trawl__buf *out, trawl__decoded *info,
                             const char **text, size_t *text_len)
{
	const unsigned char *u = (const unsigned char *)p;
	const char *enc = NULL;
	size_t skip = 0, before;
	int valid = 0;
	trawl_err rc;

	memset(info, 0, sizeof *info);
	*text = NULL;
	*text_len = 0;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		enc = "UTF-8"; skip = 3;
	} else if (n >= 4 && !memcmp(u, "\x84\x31\x95\x33", 4)) {
		enc = "GB18030"; skip = 4;
	} else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		enc = "UTF-16LE"; skip = 2;
	} else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		enc = "UTF-16BE"; skip = 2;
	}
	if (enc) {
		info->declared = 1;
	} else if (declared && (enc = trawl__charset_canonical(declared))) {
		info->declared = 1;
		/* "UTF-16" or "UTF-32" declared inside an 8-bit-readable document
		 * is a lie */
		if (!strncmp(enc, "UTF-16", 6) || !strncmp(enc, "UTF-32", 6))
			enc = NULL, info->declared = 0;
	}
	if (!enc) {
		if ((valid = trawl__utf8_valid(p, n)))
			enc = "UTF-8";
		else
			enc = detect_undeclared(p, n);
	}
	info->encoding = enc;
	/* valid UTF-8 is its own decoding: no copy */
	if (!strcmp(enc, "UTF-8") && (valid || trawl__utf8_valid(p + skip, n - skip))) {
		*text = p + skip;
		*text_len = n - skip;
		return TRAWL_OK;
	}
	before = out->len;
	rc = trawl__iconv_to_utf8(p + skip, n - skip, enc, out, &info->invalid,
	                          &info->first_invalid);
	if (!rc) {
		*text = out->data + before;
		*text_len = out->len - before;
	}
	return rc;
}

trawl_err trawl__decode(const char *p, size_t n, const char *declared,
                        trawl__buf *out, trawl__decoded *info)
{
	const char *text;
	size_t len;
	size_t before = out->len;
	trawl_err rc = trawl__decode_view(p, n, declared, out, info, &text, &len);

	/* a view into p: copied, as this function promises */
	if (!rc && out->len == before)
		rc = trawl__buf_add(out, text, len);
	return rc;
}
