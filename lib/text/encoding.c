/* Encoding detection and decoding. Order of evidence: a BOM, then a
 * declaration in the document, then valid UTF-8, then uchardet, then strict
 * trial decodes of the Chinese encodings. iconv does the conversions. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
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

static const struct { const char *label, *canon; } charsets[] = {
	{ "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
	{ "us-ascii", "UTF-8" }, { "ascii", "UTF-8" },
	{ "gb18030", "GB18030" }, { "gbk", "GB18030" }, { "gb2312", "GB18030" },
	{ "gb_2312-80", "GB18030" }, { "x-gbk", "GB18030" }, { "cp936", "GB18030" },
	{ "euc-cn", "GB18030" }, { "chinese", "GB18030" }, { "csgb2312", "GB18030" },
	{ "windows-936", "GB18030" },
	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "cp950", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
	{ "utf-16", "UTF-16" }, { "utf-16le", "UTF-16LE" }, { "utf-16be", "UTF-16BE" },
	{ "windows-1252", "WINDOWS-1252" }, { "iso-8859-1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" }, { "cp1252", "WINDOWS-1252" },
	{ "shift_jis", "SHIFT_JIS" }, { "sjis", "SHIFT_JIS" }, { "euc-jp", "EUC-JP" },
	{ "euc-kr", "EUC-KR" }, { "iso-2022-jp", "ISO-2022-JP" },
	{ "windows-1251", "WINDOWS-1251" }, { "koi8-r", "KOI8-R" },
	{ "iso-8859-2", "ISO-8859-2" }, { "iso-8859-15", "ISO-8859-15" },
	{ "windows-1250", "WINDOWS-1250" }, { "hz-gb-2312", "HZ" },
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
		const char *cs;
		if (!end)
			break;
		cs = find_ci(q, (size_t)(end - q), "charset");
		if (!cs)
			continue;
		q = cs + 7;
		while (q < end && isspace((unsigned char)*q)) q++;
		if (q >= end || *q != '=')
			continue;
		q++;
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
		rc = trawl__buf_grow(out, left * 2 + 16);
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

static const char *detect_undeclared(const char *p, size_t n)
{
	const char *enc = NULL, *canon = NULL;
	size_t sample = n < (1u << 20) ? n : (1u << 20);
	uchardet_t ud;
	size_t gb_err, big5_err;

	if ((enc = guess_utf16((const unsigned char *)p, n)))
		return enc;
	ud = uchardet_new();
	if (ud) {
		if (uchardet_handle_data(ud, p, sample) == 0) {
			uchardet_data_end(ud);
			enc = uchardet_get_charset(ud);
		}
		canon = trawl__charset_canonical(enc);
		uchardet_delete(ud);
		if (canon && (!strcmp(canon, "GB18030") || !strcmp(canon, "BIG5-HKSCS") ||
		              !strncmp(canon, "UTF-16", 6)))
			return canon;
	}
	/* uchardet is weak on short Chinese text: try strict decodes. */
	gb_err = trial_errors(p, sample, "GB18030", 0);
	big5_err = trial_errors(p, sample, "BIG5-HKSCS", 0);
	if (gb_err == 0 && big5_err != 0)
		return "GB18030";
	if (big5_err == 0 && gb_err != 0)
		return "BIG5-HKSCS";
	if (gb_err == 0)
		return "GB18030";
	/* enc was freed with ud: its canonical name (static) stays */
	if (canon)
		return canon;
	return "WINDOWS-1252";
}

trawl_err trawl__decode(const char *p, size_t n, const char *declared,
                        trawl__buf *out, trawl__decoded *info)
{
	const unsigned char *u = (const unsigned char *)p;
	const char *enc = NULL;
	size_t skip = 0;

	memset(info, 0, sizeof *info);
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
		/* "UTF-16" declared inside an 8-bit-readable document is a lie. */
		if (!strncmp(enc, "UTF-16", 6))
			enc = NULL, info->declared = 0;
	}
	if (!enc) {
		if (trawl__utf8_valid(p, n))
			enc = "UTF-8";
		else
			enc = detect_undeclared(p, n);
	}
	info->encoding = enc;
	return trawl__iconv_to_utf8(p + skip, n - skip, enc, out, &info->invalid,
	                            &info->first_invalid);
}
