/* The code of the procurement a notice is about (项目编号: DBZC-2024-G-0317),
 * so that a report can count one procurement once when several documents
 * state it (its award notice, its OCDS release, its contract notice). */
#include <string.h>
#include "ingest/doc.h"
#include "proccode.h"

static const char *const labels[] = {
	"项目编号", "招标编号", "采购编号", "交易编号",
	"項目編號", "招標編號", "採購編號", "交易編號",
};

/* Punctuation that ends a code (after NFKC, full-width ASCII forms are
 * already ASCII). */
static const char *const stops[] = {
	"，", "。", "；", "、", "“", "”", "‘", "’", "《", "》", "：", "（", "）", "　",
};

/* Brackets kept in a code, written as ASCII in its key: 〔2024〕 and
 * [2024] are the same code. */
static const struct { const char *u; char a; } brackets[] = {
	{ "〔", '[' }, { "〕", ']' }, { "【", '[' }, { "】", ']' },
};

static size_t u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static int at(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i + k <= n && !memcmp(s + i, w, k);
}

static int code_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '-' || c == '_' || c == '/' || c == '.' || c == '#' || c == '(' || c == ')' ||
	       c == '[' || c == ']';
}

/* Reads the code that starts at s[i] into out as its key; returns its
 * length in out, 0 when what is there is not a code. */
static size_t read_code(const char *s, size_t n, size_t i, char *out, size_t outsz)
{
	size_t o = 0, k, digits = 0, ascii = 0;
	int depth = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = u8len(c), b;
		char ch = 0;

		if (c < 0x80) {
			if (!code_ascii(c))
				break;
			if (c == ')' || c == ']') {
				if (!depth)
					break;   /* closes something around the code */
				depth--;
			} else if (c == '(' || c == '[') {
				depth++;
			}
			ch = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
			digits += c >= '0' && c <= '9';
			ascii++;
			len = 1;
		} else {
			for (k = 0; k < sizeof stops / sizeof stops[0]; k++)
				if (at(s, n, i, stops[k]))
					break;
			if (k < sizeof stops / sizeof stops[0])
				break;
			for (b = 0; b < sizeof brackets / sizeof brackets[0]; b++)
				if (at(s, n, i, brackets[b].u))
					break;
			if (b < sizeof brackets / sizeof brackets[0]) {
				ch = brackets[b].a;
				depth += ch == '[' ? 1 : -1;
				if (depth < 0)
					break;
			} else if (ascii) {
				/* After its letters and digits a code may end in 号
				 * (吉财采购[2024]123号); any other character is the text
				 * that follows it (项目名称...). */
				if (at(s, n, i, "号") || at(s, n, i, "號")) {
					if (o + len >= outsz)
						return 0;
					memcpy(out + o, s + i, len);
					o += len;
				}
				break;
			}
			if (!ch) {
				if (i + len > n || o + len >= outsz)
					return 0;
				memcpy(out + o, s + i, len);
				o += len;
				i += len;
				continue;
			}
			len = strlen(brackets[b].u);
		}
		if (o + 1 >= outsz)
			return 0;   /* too long to be a code */
		out[o++] = ch;
		i += len;
	}
	/* a code does not end in a separator */
	while (o && (out[o - 1] == '-' || out[o - 1] == '_' || out[o - 1] == '/' ||
	             out[o - 1] == '.'))
		o--;
	out[o] = '\0';
	if (!digits || o < 4 || depth > 0)
		return 0;
	return o;
}

int trawl__procurement_code(const char *s, size_t n, char *out, size_t outsz)
{
	char cur[64];
	size_t i, k, found = 0;

	if (!s || outsz < 2)
		return 0;
	if (n > TRAWL__PROCCODE_SCAN)
		n = TRAWL__PROCCODE_SCAN;
	out[0] = '\0';
	for (i = 0; i < n; i += u8len((unsigned char)s[i])) {
		size_t j, len;

		/* every label is 编号 or 編號 after a character led by one of
		 * these bytes (项 招 采 交 項 採): most characters are none */
		if ((unsigned char)s[i] != 0xE4 && (unsigned char)s[i] != 0xE6 &&
		    (unsigned char)s[i] != 0xE9)
			continue;
		for (k = 0; k < sizeof labels / sizeof labels[0]; k++)
			if (at(s, n, i, labels[k]))
				break;
		if (k == sizeof labels / sizeof labels[0])
			continue;
		j = i + strlen(labels[k]);
		/* 项目编号(采购计划编号): the label's gloss */
		if (j < n && s[j] == '(') {
			size_t e = j + 1;
			while (e < n && e - j < 48 && s[e] != ')' && s[e] != '\n')
				e++;
			if (e < n && s[e] == ')')
				j = e + 1;
		}
		/* a colon, a table cell's edge or spaces between label and code */
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j < n && s[j] == ':')
			j++;
		else if (j == i + strlen(labels[k]))
			continue;   /* 项目编号为…, 项目编号的…: not a label */
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (!(len = read_code(s, n, j, cur, sizeof cur)))
			continue;
		if (found && strcmp(cur, out)) {
			out[0] = '\0';
			return -1;   /* two procurements: none is the document's */
		}
		if (!found) {
			if (len + 1 > outsz)
				return 0;
			memcpy(out, cur, len + 1);
		}
		found = 1;
		i = j;
	}
	if (!found)
		out[0] = '\0';
	return found != 0;
}

int trawl__ocid_code(const char *ocid, char *out, size_t outsz)
{
	const char *p = ocid, *dash;
	size_t o = 0;

	if (!ocid || outsz < 2)
		return 0;
	/* ocds-{prefix}-{local id}: the prefix is the publisher's, six
	 * characters registered with OCP */
	if (!strncmp(p, "ocds-", 5) && (dash = strchr(p + 5, '-')) && dash - (p + 5) >= 4)
		p = dash + 1;
	for (; *p && o + 1 < outsz; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ')
			continue;
		out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	if (*p)
		o = 0;   /* too long to compare */
	out[o] = '\0';
	return o > 0;
}

int trawl__doc_procurement_code(const trawl__doc *d, char *out, size_t outsz)
{
	char cur[64];
	size_t i, scanned = 0;
	int found = 0, r;

	if (outsz < 2)
		return 0;
	out[0] = '\0';
	for (i = 0; i < d->units.n && scanned < TRAWL__PROCCODE_SCAN; i++) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, i);
		size_t n = u->nt.text.len;

		if (n > TRAWL__PROCCODE_SCAN - scanned)
			n = TRAWL__PROCCODE_SCAN - scanned;
		scanned += n;
		if (!n || !(r = trawl__procurement_code(u->nt.text.data, n, cur, sizeof cur)))
			continue;
		if (r < 0 || (found && strcmp(cur, out))) {
			out[0] = '\0';
			return -1;
		}
		if (!found && strlen(cur) + 1 > outsz)
			return 0;
		if (!found)
			memcpy(out, cur, strlen(cur) + 1);
		found = 1;
	}
	return found;
}
