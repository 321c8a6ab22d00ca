/* The report as one self-contained HTML page: no scripts, no fonts, no
 * network (a Content-Security-Policy says so), bar charts as inline SVG,
 * and every figure a link to the quote it was read from. Everything taken
 * from a document is escaped: documents are hostile. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"
#include "util/buf.h"
#include "util/alloc.h"
#include "util/banned.h"

#define DOCS_LISTED 1000   /* the documents table stops here */
#define BARS_MAX 15        /* bars per chart (years: 40) */
#define NEWS_LISTED 200    /* rows of one kind of "what is new" in a year */

typedef struct page {
	trawl_report *r;
	trawl__buf b;
	trawl_err rc;
	uint32_t *srcs;         /* documents in the order their sources are listed */
	size_t nsrcs;
} page;

static void add(page *p, const char *s)
{
	trawl__buf_add_rc(&p->rc, &p->b, s, strlen(s));
}

static void addf(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(page *p, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		trawl__buf_add_rc(&p->rc, &p->b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Text for an element or an attribute value: markup characters become
 * entities, control characters go (newlines and tabs become spaces). */
static void esc_n(page *p, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = NULL;
		switch (c) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		case '\n': case '\t': case '\r': e = " "; break;
		default:
			if (c < 0x20 || c == 0x7f)
				e = "";
		}
		if (!e)
			continue;
		trawl__buf_add_rc(&p->rc, &p->b, s + from, i - from);
		add(p, e);
		from = i + 1;
	}
	trawl__buf_add_rc(&p->rc, &p->b, s + from, n - from);
}

static void esc(page *p, const char *s)
{
	if (s)
		esc_n(p, s, strlen(s));
}

/* At most max characters of s, with an ellipsis when cut. */
static void esc_cut(page *p, const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	for (; s[i] && chars < max; chars++) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	esc_n(p, s, i);
	if (s[i])
		add(p, "\u2026");
}

static void amount(page *p, const char *v)
{
	char f[RP_DEC_MAX * 2];

	trawl_amount_format(v, f, sizeof f);
	add(p, f);
}

/* The number of document di's source in the list (given at first use),
 * or with si >= 0 of its part si (the lots a vendor was awarded). */
static uint32_t source_no(page *p, int64_t di, int64_t si)
{
	trawl_report *r = p->r;
	rp_doc *d;

	if (di < 0)
		return 0;
	d = &r->docs[di];
	if (!d->amount)
		return 0;
	if (si >= 0) {
		rp_share *x = &r->shares[si];
		if (!x->srcno) {
			p->srcs[p->nsrcs++] = (uint32_t)(r->ndocs + (size_t)si);
			x->srcno = (uint32_t)p->nsrcs;
		}
		return x->srcno;
	}
	if (!d->srcno) {
		p->srcs[p->nsrcs++] = (uint32_t)di;
		d->srcno = (uint32_t)p->nsrcs;
	}
	return d->srcno;
}

static const char *key_name(const trawl_report *r, uint32_t k, trawl_report_by by)
{
	if (k)
		return rp_str(&r->str, k);
	switch (by) {
	case TRAWL_BY_YEAR: return "(no year)";
	case TRAWL_BY_TOPIC: return "(no topic)";
	case TRAWL_BY_PLACE: return "(no place)";
	default: return "(unknown)";
	}
}

static const char *heading(trawl_report_by by)
{
	switch (by) {
	case TRAWL_BY_YEAR: return "By year";
	case TRAWL_BY_PLACE: return "By place";
	case TRAWL_BY_AGENCY: return "By agency (issuer, else buyer)";
	case TRAWL_BY_VENDOR: return "By vendor";
	case TRAWL_BY_TOPIC: return "By topic";
	}
	return "";
}

/* ---- charts ---- */

static void chart(page *p, const char *title, const char *id, rp_group *g, size_t n,
                  trawl_report_by by, size_t max)
{
	const trawl_report *r = p->r;
	size_t i, k = 0, shown[40];
	double top = 0;
	int h;

	if (max > sizeof shown / sizeof shown[0])
		max = sizeof shown / sizeof shown[0];
	/* CNY groups with a known key and an amount */
	for (i = 0; i < n && k < max; i++) {
		double v;
		if (!g[i].key[0] || g[i].currency != r->id_cny || g[i].top < 0)
			continue;
		v = strtod(g[i].amount, NULL);
		if (v <= 0)
			continue;
		if (v > top)
			top = v;
		shown[k++] = i;
	}
	addf(p, "<section class=\"chart\" id=\"%s\"><h2>", id);
	esc(p, title);
	add(p, "</h2>\n");
	if (!k) {
		add(p, "<p class=\"none\">No CNY amounts to show.</p></section>\n");
		return;
	}
	h = (int)k * 28 + 8;
	addf(p, "<svg role=\"img\" width=\"760\" height=\"%d\" viewBox=\"0 0 760 %d\" "
	     "xmlns=\"http://www.w3.org/2000/svg\"><title>", h, h);
	esc(p, title);
	add(p, "</title>\n");
	for (i = 0; i < k; i++) {
		rp_group *x = &g[shown[i]];
		double v = strtod(x->amount, NULL);
		int w = (int)(v / top * 380.0 + 0.5), y = (int)i * 28 + 4;
		uint32_t src = source_no(p, x->top, x->top_share);
		if (w < 2)
			w = 2;
		addf(p, "<a href=\"#src-%u\"><title>", src);
		esc(p, key_name(r, x->key[0], by));
		add(p, ": ");
		amount(p, x->amount);
		addf(p, " CNY, %llu document%s</title>", (unsigned long long)x->documents,
		     x->documents == 1 ? "" : "s");
		addf(p, "<text x=\"212\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 15);
		esc_cut(p, key_name(r, x->key[0], by), 16);
		addf(p, "</text><rect x=\"220\" y=\"%d\" width=\"%d\" height=\"20\" rx=\"2\" "
		     "class=\"bar\"/>", y, w);
		addf(p, "<text x=\"%d\" y=\"%d\" class=\"val\">", 226 + w, y + 15);
		amount(p, x->amount);
		add(p, "</text></a>\n");
	}
	add(p, "</svg>\n<p class=\"note\">CNY only; bars link to the source of the largest "
	    "amount. Other currencies are in the tables.</p></section>\n");
}

/* ---- tables ---- */

static void source_cell(page *p, int64_t di, int64_t si)
{
	const trawl_report *r = p->r;
	uint32_t no = source_no(p, di, si);
	const rp_doc *d;

	if (!no) {
		add(p, "<td class=\"src\"></td>");
		return;
	}
	d = &r->docs[di];
	addf(p, "<td class=\"src\"><a href=\"#src-%u\">[%u]</a> ", no, no);
	esc(p, rp_str(&r->str, d->path));
	if (d->paged)
		addf(p, " p.%d", si >= 0 && r->shares[si].page > 0 ? r->shares[si].page : d->page);
	add(p, "</td>");
}

static void amount_cell(page *p, const char *v, int64_t di, int64_t si)
{
	uint32_t no = source_no(p, di, si);

	if (no) {
		addf(p, "<td class=\"num\"><a href=\"#src-%u\">", no);
		amount(p, v);
		add(p, "</a></td>");
	} else {
		add(p, "<td class=\"num\">");
		amount(p, v);
		add(p, "</td>");
	}
}

static void group_table(page *p, rp_group *g, size_t n, trawl_report_by by, const char *id)
{
	const trawl_report *r = p->r;
	const char *col = trawl_report_by_name(by);

	addf(p, "<section class=\"table\" id=\"%s\"><h2>", id);
	esc(p, heading(by));
	addf(p, "</h2>\n<table><thead><tr><th>%s</th><th>documents</th><th>money facts</th>"
	     "<th>amount</th><th>currency</th><th>largest amount from</th></tr></thead><tbody>\n",
	     col ? col : "");
	for (size_t i = 0; i < n; i++) {
		add(p, "<tr><td>");
		esc(p, key_name(r, g[i].key[0], by));
		addf(p, "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>",
		     (unsigned long long)g[i].documents, (unsigned long long)g[i].facts);
		if (g[i].top < 0) {
			/* no document's amount is added: not a 0 paid (report.h) */
			add(p, "<td class=\"num\">-</td><td>-</td>");
		} else {
			amount_cell(p, g[i].amount, g[i].top, g[i].top_share);
			add(p, "<td>");
			esc(p, rp_str(&r->str, g[i].currency));
			add(p, "</td>");
		}
		source_cell(p, g[i].top, g[i].top_share);
		add(p, "</tr>\n");
	}
	add(p, "</tbody></table>");
	if (by == TRAWL_BY_TOPIC)
		add(p, "<p class=\"note\">A document on several topics counts in each.</p>");
	add(p, "</section>\n");
}

static void totals_table(page *p, rp_group *g, size_t n)
{
	const trawl_report *r = p->r;

	add(p, "<section class=\"table\" id=\"totals\"><h2>Totals</h2>\n<table><thead><tr>"
	    "<th>currency</th><th>documents</th><th>money facts</th><th>amount</th>"
	    "<th>largest amount from</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		add(p, "<tr><td>");
		esc(p, rp_str(&r->str, g[i].currency));
		addf(p, "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>",
		     (unsigned long long)g[i].documents, (unsigned long long)g[i].facts);
		amount_cell(p, g[i].amount, g[i].top, g[i].top_share);
		source_cell(p, g[i].top, g[i].top_share);
		add(p, "</tr>\n");
	}
	add(p, "</tbody></table></section>\n");
}

static void docs_table(page *p)
{
	trawl_report *r = p->r;
	uint32_t *ix = rp_docs_by_amount(r);
	size_t n = r->ndocs < DOCS_LISTED ? r->ndocs : DOCS_LISTED;
	trawl_err rc = TRAWL_OK;

	if (!ix) {
		p->rc = p->rc ? p->rc : TRAWL_ENOMEM;
		return;
	}
	add(p, "<section class=\"table\" id=\"documents\"><h2>Documents</h2>\n");
	if (n < r->ndocs)
		addf(p, "<p class=\"note\">The %zu with the largest amounts of %zu.</p>\n", n,
		     r->ndocs);
	add(p, "<table><thead><tr><th>document</th><th>year</th><th>place</th>"
	    "<th>agency</th><th>vendor</th><th>money facts</th><th>amount</th>"
	    "<th>currency</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n && !p->rc; i++) {
		rp_doc *d = &r->docs[ix[i]];
		uint32_t place = rp_place_key(r, d, &rc);
		add(p, "<tr><td class=\"path\">");
		esc(p, rp_str(&r->str, d->path));
		add(p, "</td><td>");
		if (d->year > 0)
			addf(p, "%d", d->year);
		add(p, "</td><td>");
		if (place)
			esc(p, rp_str(&r->str, place));
		add(p, "</td><td>");
		esc(p, rp_str(&r->str, d->issuer ? d->issuer : d->buyer));
		add(p, "</td><td>");
		esc(p, rp_str(&r->str, d->vendor));
		addf(p, "</td><td class=\"num\">%u</td>", d->nfacts);
		if (d->amount) {
			amount_cell(p, rp_str(&r->str, d->amount), (int64_t)ix[i], -1);
			add(p, "<td>");
			esc(p, rp_str(&r->str, d->currency));
			add(p, "</td>");
		} else {
			add(p, "<td></td><td></td>");
		}
		add(p, "</tr>\n");
	}
	add(p, "</tbody></table></section>\n");
	free(ix);
}

static void sources_list(page *p)
{
	const trawl_report *r = p->r;

	add(p, "<section id=\"sources\"><h2>Sources</h2>\n<p class=\"note\">Each figure is the "
	    "document's own amount (see the rule above), or by vendor the part of it that the "
	    "vendor's lots or rows add, read from this text.</p>\n<ol>\n");
	for (size_t i = 0; i < p->nsrcs; i++) {
		/* a document's own amount, or the part of it one vendor has */
		const rp_share *x = p->srcs[i] >= r->ndocs ? &r->shares[p->srcs[i] - r->ndocs] : NULL;
		const rp_doc *d = &r->docs[x ? x->doc : p->srcs[i]];
		int pg = x && x->page > 0 ? x->page : d->page, sum = x ? x->sum : d->sum;
		addf(p, "<li id=\"src-%zu\"><span class=\"path\">", i + 1);
		esc(p, rp_str(&r->str, d->path));
		add(p, "</span>");
		if (d->paged)
			addf(p, ", p.%d", pg);
		add(p, ": <q>");
		esc(p, rp_str(&r->str, x ? x->quote : d->quote));
		/* (a sum's quote is its first figure: the equation would be false) */
		add(p, sum ? "</q> and the other amounts it adds = <span class=\"num\">"
		           : "</q> = <span class=\"num\">");
		amount(p, rp_str(&r->str, x ? x->amount : d->amount));
		add(p, "</span> ");
		esc(p, rp_str(&r->str, d->currency));
		if (x) {
			add(p, " (");
			esc(p, rp_str(&r->str, x->vendor));
			add(p, x->list ? "'s rows, of " : "'s lots, of ");
			amount(p, rp_str(&r->str, d->amount));
			add(p, " in all)");
		}
		add(p, " <span class=\"id\">(");
		esc_n(p, d->id, 12);
		add(p, ")</span></li>\n");
	}
	add(p, "</ol></section>\n");
}

/* What is new, by year, newest first: projects, indicators, vendors and
 * places that no earlier year has, each with its quote. */
static void news_section(page *p)
{
	static const char *const what[RP_NEW_KINDS] = { "New projects", "New indicators",
		"New vendors", "New places" };
	static const char *const ids[RP_NEW_KINDS] = { "projects", "indicators", "vendors",
		"places" };
	const trawl_report *r = p->r;
	size_t i = 0;

	if (!r->has_news)
		return;
	add(p, "<section id=\"whats-new\"><h2>What is new</h2>\n<p class=\"note\">Projects, "
	    "performance targets (indicators), vendors and places that a year's documents name "
	    "and no earlier year's do, compared as <code>trawl diff</code> compares them, each "
	    "with the text it was read from.</p>\n");
	if (!r->nnews)
		add(p, "<p class=\"none\">Nothing new after the first year.</p>\n");
	while (i < r->nnews && !p->rc) {
		int year = r->news[i].year;
		addf(p, "<h3 id=\"new-%d\">%d</h3>\n", year, year);
		while (i < r->nnews && r->news[i].year == year && !p->rc) {
			int kind = r->news[i].kind;
			size_t n = 0, shown = 0;
			while (i + n < r->nnews && r->news[i + n].year == year &&
			       r->news[i + n].kind == kind)
				n++;
			addf(p, "<h4 id=\"new-%d-%s\">%s (%zu)</h4>\n<table class=\"new\"><thead><tr>"
			     "<th>name</th><th>detail</th><th>source</th></tr></thead><tbody>\n", year,
			     ids[kind], what[kind], n);
			for (; shown < n && shown < NEWS_LISTED && !p->rc; shown++) {
				const rp_new *e = &r->news[i + shown];
				const rp_doc *d = &r->docs[e->doc];
				add(p, "<tr><td>");
				esc(p, rp_str(&r->str, e->name));
				add(p, "</td><td>");
				esc(p, rp_str(&r->str, e->detail));
				add(p, "</td><td class=\"src\"><span class=\"path\">");
				esc(p, rp_str(&r->str, d->path));
				add(p, "</span>");
				if (e->paged)
					addf(p, ", p.%d", e->page);
				add(p, ": <q>");
				esc_cut(p, rp_str(&r->str, e->quote), 160);
				add(p, "</q></td></tr>\n");
			}
			add(p, "</tbody></table>\n");
			if (shown < n)
				addf(p, "<p class=\"note\">The first %zu of %zu.</p>\n", shown, n);
			i += n;
		}
	}
	add(p, "</section>\n");
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans CJK SC\","
	"\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2em auto;max-width:72em;"
	"padding:0 1.2em;color:#1d232a;background:#fff}\n"
	"h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .5em;"
	"border-bottom:1px solid #d8dee4;padding-bottom:.2em}\n"
	".meta{color:#57606a;margin:.2em 0}.rule{background:#f6f8fa;border-left:3px solid "
	"#8c959f;padding:.5em .8em;margin:1em 0}\n"
	"table{border-collapse:collapse;width:100%;font-size:.93em}th,td{padding:.25em .6em;"
	"border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}"
	"th{background:#f6f8fa;font-weight:600}\n"
	"td.num,.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td.src,td.path,.path{word-break:break-all;color:#424a53}\n"
	"a{color:#0550ae;text-decoration:none}a:hover{text-decoration:underline}\n"
	"svg{display:block;max-width:100%;height:auto}svg .bar{fill:#3b82c4}"
	"svg a:hover .bar{fill:#1f5f99}svg text{font-size:13px;fill:#1d232a}"
	"svg .val{fill:#424a53}\n"
	".charts{display:flex;flex-wrap:wrap;gap:0 2em}.note,.none{color:#57606a;"
	"font-size:.88em}\n"
	"#sources li{margin:.25em 0}#sources li:target{background:#fff8c5}"
	"q{font-family:serif}.id{color:#8c959f;font-size:.85em}\n"
	"code{background:#f6f8fa;padding:0 .3em}\n"
	"h3{font-size:1.05em;margin:1.2em 0 .3em}h4{font-size:.95em;margin:.8em 0 .3em;"
	"color:#424a53}table.new td:first-child{font-weight:600}\n";

trawl_err trawl_report_html(trawl_report *r, trawl_report_by first, const char *title,
                            char **out, size_t *len)
{
	static const trawl_report_by dims[] = { TRAWL_BY_YEAR, TRAWL_BY_PLACE, TRAWL_BY_AGENCY,
	                                        TRAWL_BY_VENDOR, TRAWL_BY_TOPIC };
	page p;
	rp_group *g[5] = { NULL, NULL, NULL, NULL, NULL }, *tot = NULL;
	size_t n[5] = { 0, 0, 0, 0, 0 }, nt = 0, i;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&p, 0, sizeof p);
	p.r = r;
	trawl__buf_init(&p.b, 0);
	for (i = 0; i < r->ndocs; i++)
		r->docs[i].srcno = 0;
	for (i = 0; i < r->nshares; i++)
		r->shares[i].srcno = 0;
	p.srcs = trawl__mallocn(r->ndocs + r->nshares + 1, sizeof *p.srcs);
	if (!p.srcs)
		return TRAWL_ENOMEM;
	/* every interning happens here, before any string is written out */
	for (i = 0; i < 5 && !p.rc; i++)
		if (dims[i] != TRAWL_BY_TOPIC || r->has_topics)
			p.rc = rp_groups(r, &dims[i], 1, &g[i], &n[i]);
	if (!p.rc)
		p.rc = rp_groups(r, NULL, 0, &tot, &nt);
	if (p.rc)
		goto out;

	add(&p, "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"trawl " TRAWL_VERSION "\">\n<title>trawl report");
	if (title && *title) {
		add(&p, ": ");
		esc(&p, title);
	}
	add(&p, "</title>\n<style>\n");
	add(&p, style);
	add(&p, "</style></head><body>\n<h1>trawl report</h1>\n<p class=\"meta\">");
	if (title && *title) {
		add(&p, "Documents matching <code>");
		esc(&p, title);
		add(&p, "</code>");
	} else {
		add(&p, "All documents");
	}
	addf(&p, ": %zu documents, %llu money facts.</p>\n", r->ndocs,
	     (unsigned long long)r->nfacts);
	add(&p, "<p class=\"rule\">Each document counts once, with its own amount: a "
	    "budget's own total, an award's contract amount, a tender's budget (as "
	    "<code>trawl ls</code> lists them; a price list, a job ad or a notice has none). "
	    "Figures a document quotes for comparison, its parts and unit prices are not "
	    "added, and currencies are never added together. <em>Money facts</em> counts every "
	    "amount the documents state. Every amount links to the text it was read from.</p>\n");
	if (r->not_summed)
		addf(&p, "<p class=\"rule\">%llu OCDS releases are counted as documents but their "
		     "amounts are not added: a later release of the same contracting process "
		     "(its contract, else its award) is.</p>\n", (unsigned long long)r->not_summed);
	if (r->same_procurement)
		addf(&p, "<p class=\"rule\">%llu documents are counted but their amounts are not "
		     "added: another document of the same procurement (the same 项目编号, or the "
		     "OCDS process of that code) states the same amount, or its award or contract "
		     "is here.</p>\n", (unsigned long long)r->same_procurement);
	if (r->same_invoice)
		addf(&p, "<p class=\"rule\">%llu invoice%s counted but %s not added: another "
		     "file of the same invoice (the same 发票代码, 发票号码, date and amount: its OFD "
		     "and its PDF) is.</p>\n", (unsigned long long)r->same_invoice,
		     r->same_invoice == 1 ? " is" : "s are",
		     r->same_invoice == 1 ? "its amount is" : "their amounts are");
	if (r->list_rows)
		addf(&p, "<p class=\"rule\">%llu row%s of lists (a document whose amount is the sum "
		     "of its rows) %s not added again: another award or contract here states the "
		     "same amount, vendor and year, or an earlier list the same contract, and "
		     "counts.</p>\n", (unsigned long long)r->list_rows,
		     r->list_rows == 1 ? "" : "s", r->list_rows == 1 ? "is" : "are");
	if (r->uncertain)
		addf(&p, "<p class=\"rule\"><strong>%llu money figure%s read by OCR as uncertain "
		     "(low confidence, or no column header read) %s in no total</strong>: check %s against the page "
		     "(<code>trawl facts</code> marks %s UNCERTAIN).</p>\n",
		     (unsigned long long)r->uncertain, r->uncertain == 1 ? "" : "s",
		     r->uncertain == 1 ? "is" : "are", r->uncertain == 1 ? "it" : "them",
		     r->uncertain == 1 ? "it" : "them");
	if (r->unstated) {
		/* named one by one: a figure no one can add until it is stated */
		addf(&p, "<p class=\"rule\"><strong>%llu document%s of no known amount, not "
		     "added</strong>: a figure %s amount would be or add states no unit or currency "
		     "(<code>trawl set ID amount=…</code> states it):</p>\n<ul class=\"unstated\">\n",
		     (unsigned long long)r->unstated, r->unstated == 1 ? "" : "s",
		     r->unstated == 1 ? "its" : "each one's");
		for (size_t j = 0, k = 0; j < r->ndocs && k < 50; j++) {
			const rp_doc *d = &r->docs[j];
			if (!d->unstated)
				continue;
			add(&p, "<li><code>");
			esc_cut(&p, d->id, 12);
			add(&p, "</code> ");
			esc(&p, rp_str(&r->str, d->path));
			if (d->paged)
				addf(&p, " p.%d", d->page);
			add(&p, " \u00ab");
			esc(&p, rp_str(&r->str, d->quote));
			add(&p, "\u00bb</li>\n");
			k++;
		}
		if (r->unstated > 50)
			addf(&p, "<li>… and %llu more</li>\n", (unsigned long long)(r->unstated - 50));
		add(&p, "</ul>\n");
	}
	if (r->no_amount) {
		addf(&p, "<p class=\"rule\"><strong>%llu award%s, contract%s or budget%s of no "
		     "amount read, not added</strong> (<code>trawl show ID</code> says what it "
		     "states; <code>trawl set ID amount=…</code> states it):</p>\n"
		     "<ul class=\"unstated\">\n", (unsigned long long)r->no_amount,
		     r->no_amount == 1 ? "" : "s", r->no_amount == 1 ? "" : "s",
		     r->no_amount == 1 ? "" : "s");
		for (size_t j = 0, k = 0; j < r->ndocs && k < 50; j++) {
			const rp_doc *d = &r->docs[j];
			if (!d->no_amount)
				continue;
			add(&p, "<li><code>");
			esc_cut(&p, d->id, 12);
			add(&p, "</code> ");
			esc(&p, rp_str(&r->str, d->path));
			add(&p, "</li>\n");
			k++;
		}
		if (r->no_amount > 50)
			addf(&p, "<li>… and %llu more</li>\n", (unsigned long long)(r->no_amount - 50));
		add(&p, "</ul>\n");
	}
	news_section(&p);
	totals_table(&p, tot, nt);
	add(&p, "<div class=\"charts\">\n");
	chart(&p, "Spending by year", "chart-year", g[0], n[0], TRAWL_BY_YEAR, 40);
	chart(&p, r->prefectures ? "Spending by place (prefectures)" : "Spending by place",
	      "chart-place", g[1], n[1], TRAWL_BY_PLACE, BARS_MAX);
	chart(&p, "Top vendors", "chart-vendor", g[3], n[3], TRAWL_BY_VENDOR, BARS_MAX);
	add(&p, "</div>\n");
	/* the dimension asked for first, then the others */
	for (i = 0; i < 5; i++)
		if (dims[i] == first && g[i])
			group_table(&p, g[i], n[i], dims[i], trawl_report_by_name(dims[i]));
	for (i = 0; i < 5; i++)
		if (dims[i] != first && (dims[i] != TRAWL_BY_TOPIC || r->has_topics))
			group_table(&p, g[i], n[i], dims[i], trawl_report_by_name(dims[i]));
	docs_table(&p);
	sources_list(&p);
	add(&p, "<p class=\"note\">Made by trawl " TRAWL_VERSION ".</p>\n</body></html>\n");
	if (!p.rc && !(*out = trawl__buf_detach(&p.b, len)))
		p.rc = TRAWL_ENOMEM;
out:
	for (i = 0; i < 5; i++)
		free(g[i]);
	free(tot);
	free(p.srcs);
	trawl__buf_release(&p.b);
	return p.rc;
}
