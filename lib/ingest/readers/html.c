/* HTML with libxml2's HTML parser. Scripts, styles and other invisible
 * parts are dropped; block elements end lines; <table> rows stay rows of
 * cells (a table nested in a cell is flattened into that cell's text). */
#include <string.h>
#include <strings.h>
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "util/diag.h"
#include "util/banned.h"

static int skipped(const char *n)
{
	static const char *const names[] = { "script", "style", "noscript", "template",
		"head", "iframe", "object", "svg", "math", "select", "button", NULL };
	int i;
	for (i = 0; names[i]; i++)
		if (!strcasecmp(n, names[i]))
			return 1;
	return 0;
}

static int block(const char *n)
{
	static const char *const names[] = { "p", "div", "br", "h1", "h2", "h3", "h4",
		"h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
		"header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr",
		"form", "fieldset", "table", "tr", "address", "figure", "figcaption",
		"caption", "center", "title", NULL };
	int i;
	for (i = 0; names[i]; i++)
		if (!strcasecmp(n, names[i]))
			return 1;
	return 0;
}

/* Collects the flattened text of a subtree (for table cells). */
static void flat_text(xmlNodePtr n, trawl__buf *b, int depth)
{
	for (; n; n = n->next) {
		if (depth > 200)
			return;
		if (n->type == XML_TEXT_NODE && n->content) {
			trawl__buf_adds(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (skipped(name))
				continue;
			if (block(name) || !strcasecmp(name, "td") || !strcasecmp(name, "th"))
				trawl__buf_addc(b, ' ');
			flat_text(n->children, b, depth + 1);
			if (block(name))
				trawl__buf_addc(b, ' ');
		}
	}
}

/* Collapses runs of HTML whitespace into one space. */
static void emit_ws_collapsed(trawl__docset *s, trawl__unit *u, const char *t)
{
	trawl__buf b;
	int space = u->nt.text.len == 0 || u->nt.text.data[u->nt.text.len - 1] == '\n' ||
	            u->nt.text.data[u->nt.text.len - 1] == ' ';

	trawl__buf_init(&b, s->max_text);
	for (; *t; t++) {
		if (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r' || *t == '\f') {
			if (!space)
				trawl__buf_addc(&b, ' ');
			space = 1;
		} else {
			trawl__buf_addc(&b, *t);
			space = 0;
		}
	}
	trawl__docset_check(s, &b);
	trawl__unit_text(s, u, b.data, b.len);
	trawl__buf_release(&b);
}

static void walk(trawl__docset *s, trawl__unit *u, xmlNodePtr n, int depth);

static void do_table(trawl__docset *s, trawl__unit *u, xmlNodePtr t, int depth)
{
	xmlNodePtr stack[8];
	int sp = 0;
	xmlNodePtr n;
	trawl__buf cell;

	trawl__buf_init(&cell, s->max_text);
	trawl__unit_table_begin(s, u);
	/* rows may sit under thead/tbody/tfoot */
	n = t->children;
	while (n && !s->rc) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (!strcasecmp(name, "tr")) {
				xmlNodePtr c;
				trawl__unit_row_begin(s, u);
				for (c = n->children; c; c = c->next) {
					if (c->type != XML_ELEMENT_NODE ||
					    (strcasecmp((const char *)c->name, "td") &&
					     strcasecmp((const char *)c->name, "th")))
						continue;
					trawl__buf_reset(&cell);
					flat_text(c->children, &cell, depth + 1);
					/* collapse whitespace inside the cell */
					{
						char *r = cell.data, *w = cell.data;
						int sp2 = 1;
						for (; r < cell.data + cell.len; r++) {
							if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
								if (!sp2) *w++ = ' ';
								sp2 = 1;
							} else {
								*w++ = *r;
								sp2 = 0;
							}
						}
						cell.len = (size_t)(w - cell.data);
						if (cell.cap) cell.data[cell.len] = '\0';
					}
					trawl__unit_cell(s, u, cell.data, cell.len);
				}
				trawl__unit_row_end(s, u);
			} else if (!strcasecmp(name, "caption")) {
				trawl__buf_reset(&cell);
				flat_text(n->children, &cell, depth + 1);
				trawl__unit_text(s, u, cell.data, cell.len);
				trawl__unit_newline(s, u);
			} else if ((!strcasecmp(name, "thead") || !strcasecmp(name, "tbody") ||
			            !strcasecmp(name, "tfoot")) && n->children && sp < 8) {
				stack[sp++] = n;
				n = n->children;
				continue;
			}
		}
		while (!n->next && sp > 0)
			n = stack[--sp];
		n = n->next;
	}
	trawl__unit_table_end(s, u);
	trawl__docset_check(s, &cell);
	trawl__buf_release(&cell);
}

static void walk(trawl__docset *s, trawl__unit *u, xmlNodePtr n, int depth)
{
	for (; n && !s->rc; n = n->next) {
		if (depth > 256)
			return;
		if (n->type == XML_TEXT_NODE && n->content) {
			emit_ws_collapsed(s, u, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			if (skipped(name))
				continue;
			if (!strcasecmp(name, "table")) {
				do_table(s, u, n, depth);
				continue;
			}
			if (block(name))
				trawl__unit_newline(s, u);
			walk(s, u, n->children, depth + 1);
			if (block(name))
				trawl__unit_newline(s, u);
		}
	}
}

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

static trawl_err read_html(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	htmlDocPtr h;
	xmlNodePtr root, title, body;
	trawl__doc *d;
	trawl__unit *u;

	if (in->text_len > 0x7fffffff)
		return TRAWL_ETOOBIG;
	trawl__xml_init_thread();
	h = htmlReadMemory(in->text, (int)in->text_len, NULL, "UTF-8",
	                   TRAWL__HTML_OPTS | HTML_PARSE_IGNORE_ENC);
	if (!h) {
		trawl__diag_set(dg, in->path, "HTML could not be parsed");
		return TRAWL_EFORMAT;
	}
	root = xmlDocGetRootElement(h);
	d = trawl__doc_new(s, NULL);
	u = trawl__unit_new(s, d, "section", 1, NULL);
	title = root ? find_elem(root, "title", 0) : NULL;
	if (title) {
		trawl__buf b;
		trawl__buf_init(&b, 4096);
		flat_text(title->children, &b, 0);
		trawl__docset_check(s, &b);
		trawl__doc_title(s, d, b.data, b.len);
		trawl__buf_release(&b);
	}
	body = root ? find_elem(root, "body", 0) : NULL;
	walk(s, u, body ? body : h->children, 0);
	xmlFreeDoc(h);
	return s->rc;
}

const trawl__reader trawl__reader_html = {
	TRAWL__READER_VERSION, "html", 1, read_html,
};
