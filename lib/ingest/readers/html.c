/* HTML with libxml2's HTML parser. Scripts, styles and other invisible
 * parts are dropped, and so is every attribute; block elements end lines;
 * <table> rows become a grid of cells (doc.h) with rowspan and colspan as
 * the HTML table model places them, a table nested in a cell flattened
 * into that cell's text. A saved fragment that begins with table rows or
 * cells is read as the table it was cut from.
 *
 * Depth: libxml2 parses any depth here (XML_PARSE_HUGE lifts its limit of
 * 256 levels, past which it used to drop the rest of the page); the
 * structure is followed to MAX_DEPTH levels, and below that the text is
 * kept without it (a table there is read as lines of text), with a
 * warning. Nothing below is recursive past MAX_DEPTH. */
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "util/diag.h"
#include "util/banned.h"

#define MAX_DEPTH 256

typedef struct hctx {
	trawl__docset *s;
	trawl__unit *u;
	trawl__buf cell;    /* scratch for a cell's text */
	int deep;           /* MAX_DEPTH was passed */
} hctx;

static int name_in(const char *n, const char *const *names)
{
	int i;
	for (i = 0; names[i]; i++)
		if (!strcasecmp(n, names[i]))
			return 1;
	return 0;
}

static int skipped(const char *n)
{
	static const char *const names[] = { "script", "style", "noscript", "template",
		"head", "iframe", "object", "svg", "math", "select", "button", NULL };
	return name_in(n, names);
}

static int block(const char *n)
{
	static const char *const names[] = { "p", "div", "br", "h1", "h2", "h3", "h4",
		"h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
		"header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr",
		"form", "fieldset", "table", "tr", "address", "figure", "figcaption",
		"caption", "center", "title", "thead", "tbody", "tfoot", NULL };
	return name_in(n, names);
}

static int is_cell(const char *n)
{
	return !strcasecmp(n, "td") || !strcasecmp(n, "th");
}

static int is_group(const char *n)
{
	return !strcasecmp(n, "thead") || !strcasecmp(n, "tbody") || !strcasecmp(n, "tfoot");
}

static int is_table_part(const char *n)
{
	return is_cell(n) || is_group(n) || !strcasecmp(n, "tr");
}

static const char *ename(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && n->name ? (const char *)n->name : NULL;
}

/* ---- text without structure ---- */

/* Collapses runs of HTML whitespace into one space, as the unit's text
 * goes on. */
static void emit_ws_collapsed(trawl__docset *s, trawl__unit *u, const char *t)
{
	trawl__buf b;
	int space = u->nt.text.len == 0 || u->nt.text.data[u->nt.text.len - 1] == '\n' ||
	            u->nt.text.data[u->nt.text.len - 1] == ' ' ||
	            u->nt.text.data[u->nt.text.len - 1] == '\t';

	trawl__buf_init(&b, s->max_text);
	for (; *t && !s->rc; t++) {
		if (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r' || *t == '\f') {
			if (!space && trawl__buf_addc(&b, ' '))
				s->rc = TRAWL_ETOOBIG;
			space = 1;
		} else {
			if (trawl__buf_addc(&b, *t))
				s->rc = TRAWL_ETOOBIG;
			space = 0;
		}
	}
	trawl__docset_check(s, &b);
	trawl__unit_text(s, u, b.data, b.len);
	trawl__buf_release(&b);
}

/* A break before (leaving 0) or after (1) element n: a new line for a
 * block (a space into b), a space around a cell. */
static void put_break(hctx *c, trawl__buf *b, xmlNodePtr n, int leaving)
{
	const char *nm = ename(n);

	if (!nm || (!block(nm) && !is_cell(nm)) || (leaving && is_cell(nm) && !b))
		return;
	if (b) {
		if (trawl__buf_addc(b, ' '))
			c->s->rc = TRAWL_ETOOBIG;
	} else if (block(nm)) {
		trawl__unit_newline(c->s, c->u);
	} else {
		trawl__unit_text(c->s, c->u, " ", 1);
	}
}

static void put_text(hctx *c, trawl__buf *b, xmlNodePtr n)
{
	if (!n->content)
		return;
	if (!b)
		emit_ws_collapsed(c->s, c->u, (const char *)n->content);
	else if (trawl__buf_adds(b, (const char *)n->content))
		c->s->rc = TRAWL_ETOOBIG;
}

/* The text under root, in document order and without recursion, into b
 * (one line: blocks and cells become spaces) or, when b is NULL, into the
 * unit (blocks end lines). */
static void flatten(hctx *c, xmlNodePtr root, trawl__buf *b)
{
	xmlNodePtr n = root->children;

	while (n && !c->s->rc) {
		const char *nm = ename(n);
		if (n->type == XML_TEXT_NODE) {
			put_text(c, b, n);
		} else if (nm && !skipped(nm)) {
			put_break(c, b, n, 0);
			if (n->children) {
				n = n->children;
				continue;
			}
			put_break(c, b, n, 1);
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (n != root)
				put_break(c, b, n, 1);
		}
		n = n == root ? NULL : n->next;
	}
}

/* ---- tables ---- */

/* HTML's rules for parsing a non-negative integer; dflt when there is
 * none. */
static unsigned long span_attr(xmlNodePtr n, const char *name, unsigned long dflt)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	const char *p = (const char *)v;
	unsigned long k = 0;
	int digits = 0;

	if (!v)
		return dflt;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
		p++;
	if (*p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (k < 100000000UL)
			k = k * 10 + (unsigned long)(*p - '0');
	xmlFree(v);
	return digits ? k : dflt;
}

static void do_cell(hctx *c, xmlNodePtr td)
{
	unsigned long rs = span_attr(td, "rowspan", 1), cs = span_attr(td, "colspan", 1);
	char *r, *w;
	int sp = 1;

	trawl__buf_reset(&c->cell);
	flatten(c, td, &c->cell);
	/* collapse whitespace inside the cell */
	for (r = w = c->cell.data; r && r < c->cell.data + c->cell.len; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r' || *r == '\f') {
			if (!sp)
				*w++ = ' ';
			sp = 1;
		} else {
			*w++ = *r;
			sp = 0;
		}
	}
	if (c->cell.data) {
		c->cell.len = (size_t)(w - c->cell.data);
		c->cell.data[c->cell.len] = '\0';
	}
	/* HTML's limits: colspan 1..1000, rowspan 0..65534 (0: to the end of
	 * the row group) */
	if (cs == 0)
		cs = 1;
	if (cs > 1000)
		cs = 1000;
	if (rs > 65534)
		rs = 65534;
	trawl__unit_cell_span(c->s, c->u, c->cell.data ? c->cell.data : "", c->cell.len,
	                      (uint32_t)rs, (uint32_t)cs);
}

/* The cells of row tr (they may sit in wrappers such as <form>). */
static void do_row(hctx *c, xmlNodePtr tr)
{
	xmlNodePtr n = tr->children;

	trawl__unit_row_begin(c->s, c->u);
	while (n && !c->s->rc) {
		const char *nm = ename(n);
		if (nm && is_cell(nm)) {
			do_cell(c, n);
		} else if (nm && !skipped(nm) && strcasecmp(nm, "table") && strcasecmp(nm, "tr") &&
		           n->children) {
			n = n->children;
			continue;
		}
		while (n != tr && !n->next)
			n = n->parent;
		n = n == tr ? NULL : n->next;
	}
	trawl__unit_row_end(c->s, c->u);
}

/* Rows, row groups and stray cells (an implied row) under top, top too. */
static void do_rows(hctx *c, xmlNodePtr top, int *implied)
{
	xmlNodePtr n = top;

	for (;;) {
		const char *nm = ename(n);
		int descend = 0;
		if (c->s->rc)
			return;
		if (nm && !skipped(nm)) {
			if (!strcasecmp(nm, "tr")) {
				*implied = 0;
				do_row(c, n);
			} else if (is_cell(nm)) {
				if (!*implied)
					trawl__unit_row_begin(c->s, c->u);
				*implied = 1;
				do_cell(c, n);
			} else if (is_group(nm)) {
				*implied = 0;
				trawl__unit_rowgroup_end(c->s, c->u);
				descend = n->children != NULL;
				if (!descend)
					trawl__unit_rowgroup_end(c->s, c->u);
			} else if (strcasecmp(nm, "caption") && strcasecmp(nm, "table")) {
				descend = n->children != NULL;
			}
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != top && !n->next) {
			n = n->parent;
			if (ename(n) && is_group(ename(n))) {
				*implied = 0;
				trawl__unit_rowgroup_end(c->s, c->u);
			}
		}
		if (n == top)
			return;
		n = n->next;
	}
}

/* Text in a table outside its cells and caption: browsers show it before
 * the table ("foster parenting"), and so it is written. */
static void stray_text(hctx *c, xmlNodePtr top, trawl__buf *b)
{
	xmlNodePtr n = top;

	for (;;) {
		const char *nm = ename(n);
		int descend = 0;
		if (n->type == XML_TEXT_NODE && n->content) {
			if (trawl__buf_adds(b, (const char *)n->content) || trawl__buf_addc(b, ' '))
				c->s->rc = TRAWL_ETOOBIG;
		} else if (nm && !skipped(nm) && !is_cell(nm) && strcasecmp(nm, "caption")) {
			descend = n->children != NULL;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != top && !n->next)
			n = n->parent;
		if (n == top || c->s->rc)
			return;
		n = n->next;
	}
}

/* A table made of the siblings first..stop (stop excluded): a <table>'s
 * children, or a run of rows and cells with no <table> around them. */
static void do_table(hctx *c, xmlNodePtr first, xmlNodePtr stop)
{
	xmlNodePtr n;
	trawl__buf stray;
	size_t i;
	int implied = 0, any = 0;

	trawl__buf_init(&stray, c->s->max_text);
	for (n = first; n != stop && !c->s->rc; n = n->next)
		stray_text(c, n, &stray);
	for (i = 0; i < stray.len && !any; i++)
		any = stray.data[i] != ' ' && stray.data[i] != '\n' && stray.data[i] != '\t' &&
		      stray.data[i] != '\r';
	while (any && stray.len && (stray.data[stray.len - 1] == ' ' ||
	                            stray.data[stray.len - 1] == '\n'))
		stray.data[--stray.len] = '\0';
	if (any) {
		trawl__unit_newline(c->s, c->u);
		emit_ws_collapsed(c->s, c->u, stray.data);
		trawl__unit_newline(c->s, c->u);
	}
	trawl__buf_release(&stray);
	for (n = first; n != stop && !c->s->rc; n = n->next) {
		const char *nm = ename(n);
		if (nm && !strcasecmp(nm, "caption")) {
			trawl__buf_reset(&c->cell);
			flatten(c, n, &c->cell);
			trawl__unit_newline(c->s, c->u);
			emit_ws_collapsed(c->s, c->u, c->cell.data ? c->cell.data : "");
			trawl__unit_newline(c->s, c->u);
		}
	}
	trawl__unit_table_begin(c->s, c->u);
	for (n = first; n != stop && !c->s->rc; n = n->next)
		do_rows(c, n, &implied);
	trawl__unit_table_end(c->s, c->u);
}

/* ---- the page ---- */

static void walk(hctx *c, xmlNodePtr n, int depth)
{
	for (; n && !c->s->rc; n = n->next) {
		const char *nm = ename(n);
		if (n->type == XML_TEXT_NODE) {
			put_text(c, NULL, n);
			continue;
		}
		if (!nm || skipped(nm))
			continue;
		if (!strcasecmp(nm, "table")) {
			do_table(c, n->children, NULL);
			continue;
		}
		if (is_table_part(nm)) {
			/* rows or cells with no table around them: a run of them,
			 * with what lies between (spaces, comments), is one */
			xmlNodePtr last = n, m;
			for (m = n->next; m; m = m->next) {
				const char *mn = ename(m);
				if (mn && is_table_part(mn))
					last = m;
				else if (mn || (m->type == XML_TEXT_NODE && m->content &&
				                strspn((const char *)m->content, " \t\r\n\f") !=
				                strlen((const char *)m->content)))
					break;
			}
			do_table(c, n, last->next);
			n = last;
			continue;
		}
		if (block(nm))
			trawl__unit_newline(c->s, c->u);
		if (n->children && depth + 1 >= MAX_DEPTH) {
			c->deep = 1;
			flatten(c, n, NULL);
		} else {
			walk(c, n->children, depth + 1);
		}
		if (block(nm))
			trawl__unit_newline(c->s, c->u);
	}
}

/* The first element called name, looked for to a small depth. */
static xmlNodePtr find_elem(xmlNodePtr n, const char *name, int depth)
{
	for (; n && depth < 64; n = n->next) {
		xmlNodePtr r;
		if (n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name))
			return n;
		if ((r = find_elem(n->children, name, depth + 1)))
			return r;
	}
	return NULL;
}

/* True when the text begins (after spaces, a BOM and comments) with a
 * table row, cell or row group: a fragment cut from a table. */
static int starts_with_table_part(const char *p, size_t n)
{
	static const char *const tags[] = { "tr", "td", "th", "tbody", "thead", "tfoot",
		"caption", "colgroup", "col", NULL };
	const char *e = p + n;
	int i;

	for (;;) {
		if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			continue;
		}
		while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f'))
			p++;
		if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
			const char *q = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
			if (!q)
				return 0;
			p = q + 3;
			continue;
		}
		break;
	}
	if (p >= e || *p != '<')
		return 0;
	p++;
	for (i = 0; tags[i]; i++) {
		size_t k = strlen(tags[i]);
		if ((size_t)(e - p) > k && !strncasecmp(p, tags[i], k) &&
		    (p[k] == '>' || p[k] == ' ' || p[k] == '\t' || p[k] == '\n' ||
		     p[k] == '\r' || p[k] == '/'))
			return 1;
	}
	return 0;
}

/* Whether the n bytes at t are a title that names a notice or a
 * report: a title row (doc.h) with a word such as 公告, 预算 or 结果 in it
 * (not a site's name: 中国政府采购网, 首页). */
static int notice_title(const char *t, size_t n)
{
	static const char *const words[] = { "公告", "公示", "通知", "通告", "预算", "決算", "决算",
		"預算", "结果", "結果", "合同", "报告", "報告", "招标", "中标", "成交", "询价", "磋商",
		"谈判", "意向", "通报", "公开", "名单", "清单", "目录", "方案", "办法", "批复", "决定",
		"notice", "Notice", "NOTICE", "award", "Award", "tender", "Tender", "budget",
		"Budget", "contract", "Contract", "report", "Report", NULL };

	static const char *const crumbs[] = { ">", "›", "»", "|", "＞", "当前位置", "首页",
		"您的位置", NULL };

	if (!trawl__title_row(t, n))
		return 0;
	for (int k = 0; crumbs[k]; k++)
		if (memmem(t, n, crumbs[k], strlen(crumbs[k])))
			return 0;
	for (int k = 0; words[k]; k++)
		if (memmem(t, n, words[k], strlen(words[k])))
			return 1;
	return 0;
}

static const char *const site_ends[] = { "网", "网站", "網", "網站", "门户", "門戶", "平台",
	"首页", "主页", "人民政府", "公共资源交易中心", "交易中心", NULL };

/* Whether t[0..n) is a site's name (某某省政府采购网, 某县人民政府). */
static int site_name(const char *t, size_t n)
{
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		n--;
	for (int k = 0; site_ends[k]; k++) {
		size_t l = strlen(site_ends[k]);
		if (n >= l && !memcmp(t + n - l, site_ends[k], l))
			return 1;
	}
	return 0;
}

/* The length of a <title> without the site's name after it
 * (某项目成交结果公告_某某省政府采购网, … - 某县人民政府): the part before
 * the last separator, when what follows is a site's name and what is
 * before could be a title; else all of it. */
static size_t without_site(const char *t, size_t n)
{
	static const char *const seps[] = { "_", " - ", " | ", "|", "——", "－", "—", "-", NULL };

	for (int k = 0; seps[k]; k++) {
		size_t l = strlen(seps[k]);
		for (size_t i = n; i-- > 0;) {
			if (i + l > n || memcmp(t + i, seps[k], l))
				continue;
			if (site_name(t + i + l, n - i - l) && trawl__title_row(t, i))
				return i;
			break;   /* (only the last such separator) */
		}
	}
	return n;
}

/* Whether a page's <title> is no title of its own: too short to be one
 * (x), a site's name alone (某某省政府采购网), or a breadcrumb. */
static int junk_title(const char *t, size_t n)
{
	return !trawl__title_row(t, n) || memmem(t, n, "首页", 6) || memmem(t, n, "当前位置", 12) ||
	       site_name(t, n);
}

/* Whether a heading or an opening line could be the notice's title: one
 * that names a notice (notice_title), of eight Chinese letters or more
 * (not a bare category: 采购公告, 通知公告), and not a list of others
 * (相关公告：…). */
static int good_heading(const char *t, size_t n)
{
	size_t letters = 0;

	for (size_t i = 0; i < n; i++)
		letters += (unsigned char)t[i] >= 0xE4 && (unsigned char)t[i] <= 0xE9;
	return notice_title(t, n) && letters >= 8 && !(n >= 6 && !memcmp(t, "相关", 6));
}

static trawl_err read_html(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	htmlDocPtr h;
	xmlNodePtr root, title, body;
	trawl__doc *d;
	hctx c;
	trawl__buf wrapped;
	const char *text = in->text;
	size_t len = in->text_len;

	trawl__buf_init(&wrapped, 0);
	if (starts_with_table_part(text, len)) {
		if (trawl__buf_adds(&wrapped, "<table>") || trawl__buf_add(&wrapped, text, len) ||
		    trawl__buf_adds(&wrapped, "</table>")) {
			trawl__buf_release(&wrapped);
			return TRAWL_ENOMEM;
		}
		text = wrapped.data;
		len = wrapped.len;
	}
	if (len > 0x7fffffff) {
		trawl__buf_release(&wrapped);
		return TRAWL_ETOOBIG;
	}
	trawl__xml_init_thread();
	h = htmlReadMemory(text, (int)len, NULL, "UTF-8",
	                   TRAWL__HTML_OPTS | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
	trawl__buf_release(&wrapped);
	if (!h) {
		trawl__diag_set(dg, in->path, "HTML could not be parsed");
		return TRAWL_EFORMAT;
	}
	memset(&c, 0, sizeof c);
	c.s = s;
	trawl__buf_init(&c.cell, s->max_text);
	root = xmlDocGetRootElement(h);
	d = trawl__doc_new(s, NULL);
	c.u = trawl__unit_new(s, d, "section", 1, NULL);
	title = root ? find_elem(root, "title", 0) : NULL;
	if (title) {
		trawl__buf_reset(&c.cell);
		flatten(&c, title, &c.cell);
		trawl__doc_title(s, d, c.cell.data ? c.cell.data : "",
		                 c.cell.data ? without_site(c.cell.data, c.cell.len) : 0);
	}
	body = root ? find_elem(root, "body", 0) : NULL;
	walk(&c, body ? body : h->children, 0);
	if (d && d->title && root && !s->rc && junk_title(d->title, strlen(d->title))) {
		/* a <title> that is no title (x, 首页) or a site's name alone
		 * (某某省政府采购网): the first heading h1, else opening line,
		 * else h2 or h3, that names a notice (某县公安局执法记录仪采购
		 * 项目中标公告 in a div); never a breadcrumb, a menu, a bare
		 * category (采购公告) or a list of related notices */
		const trawl__unit *u0 = d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, 0) : NULL;
		char *best = NULL;
		size_t blen = 0;
		for (int k = 0; k < 4 && !best && !s->rc; k++) {
			if (k == 1) {
				const char *t = u0 ? u0->nt.text.data : NULL, *e = t + (u0 ? u0->nt.text.len : 0);
				for (int line = 0; line < 3 && t && t < e && !best; line++) {
					const char *nl;
					size_t ll;
					while (t < e && (*t == '\n' || *t == ' '))
						t++;
					nl = memchr(t, '\n', (size_t)(e - t));
					ll = (size_t)((nl ? nl : e) - t);
					if (good_heading(t, ll) && !(best = trawl__strndup(t, ll)))
						s->rc = TRAWL_ENOMEM;
					blen = ll;
					t += ll;
				}
				continue;
			}
			xmlNodePtr hd = find_elem(root, k == 0 ? "h1" : k == 2 ? "h2" : "h3", 0);
			if (!hd)
				continue;
			trawl__buf_reset(&c.cell);
			flatten(&c, hd, &c.cell);
			if (c.cell.data && good_heading(c.cell.data, c.cell.len)) {
				if (!(best = trawl__strndup(c.cell.data, c.cell.len)))
					s->rc = TRAWL_ENOMEM;
				blen = c.cell.len;
			}
		}
		if (best && !s->rc) {
			free(d->title);
			d->title = NULL;
			trawl__doc_title(s, d, best, blen);
		}
		free(best);
	}
	if (d && !d->title && root) {
		/* no <title> (a saved fragment): its first heading, if any */
		xmlNodePtr hd = find_elem(root, "h1", 0);
		if (!hd)
			hd = find_elem(root, "h2", 0);
		if (!hd)
			hd = find_elem(root, "h3", 0);
		if (hd) {
			trawl__buf_reset(&c.cell);
			flatten(&c, hd, &c.cell);
			trawl__doc_title(s, d, c.cell.data ? c.cell.data : "", c.cell.len);
		}
	}
	if (c.deep && !s->rc)
		trawl__docset_warn(s, "elements are nested over %d levels deep; all the text is "
		                   "kept, but below that depth as plain lines (tables there are "
		                   "not read as tables)", MAX_DEPTH);
	trawl__buf_release(&c.cell);
	xmlFreeDoc(h);
	return s->rc;
}

const trawl__reader trawl__reader_html = {
	TRAWL__READER_VERSION, "html", 1, read_html,
};
