/* Topics: a named list of search terms, one topic a line of a UTF-8 file:
 *
 *     # comment
 *     surveillance: 人脸识别, 人像识别、视频监控, 卡口, facial recognition
 *
 * The name is left of the first ':' (or '：'); the terms right of it are
 * separated by ',' or '、'. A document is on a topic when it contains any
 * of its terms: the topic's query is "t1" OR "t2" OR ..., each term a
 * phrase of trawl's query language (docs/search.md). */
#include <stdlib.h>
#include <string.h>
#include "report/report.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct topics_ctx {
	rp_topics *tp;
	rp_strtab *t;
	const char *path;
} topics_ctx;

static trawl_err topic_line(void *u, long line, const char *name, size_t n,
                            const char *const *items, const size_t *lens, size_t nitems,
                            trawl_diag *d)
{
	topics_ctx *c = u;
	trawl_err rc = TRAWL_OK;
	trawl__buf q;
	uint32_t id;

	if (!nitems) {
		trawl__diag_set(d, c->path, "line %ld: topic %.*s has no terms", line, (int)n, name);
		return TRAWL_EFORMAT;
	}
	id = rp_intern(c->t, name, n, &rc);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->tp->n; i++)
		if (c->tp->t[i].name == id) {
			trawl__diag_set(d, c->path, "line %ld: topic %s is given twice", line,
			                rp_str(c->t, id));
			return TRAWL_EFORMAT;
		}
	trawl__buf_init(&q, 1 << 20);
	for (size_t i = 0; i < nitems && !rc; i++) {
		if (memchr(items[i], '"', lens[i])) {
			trawl__diag_set(d, c->path, "line %ld: a term can't hold a double quote (\")",
			                line);
			rc = TRAWL_EFORMAT;
			break;
		}
		if (i)
			trawl__buf_add_rc(&rc, &q, " OR ", 4);
		trawl__buf_add_rc(&rc, &q, "\"", 1);
		trawl__buf_add_rc(&rc, &q, items[i], lens[i]);
		trawl__buf_add_rc(&rc, &q, "\"", 1);
	}
	if (!rc && c->tp->n == c->tp->cap) {
		size_t cap = c->tp->cap ? c->tp->cap * 2 : 16;
		rp_topic *p = trawl__reallocn(c->tp->t, cap, sizeof *p);
		if (!p)
			rc = TRAWL_ENOMEM;
		else {
			c->tp->t = p;
			c->tp->cap = cap;
		}
	}
	if (rc) {
		trawl__buf_release(&q);
		return rc;
	}
	c->tp->t[c->tp->n].name = id;
	c->tp->t[c->tp->n].query = trawl__buf_detach(&q, NULL);
	if (!c->tp->t[c->tp->n].query)
		return TRAWL_ENOMEM;
	c->tp->n++;
	return TRAWL_OK;
}

trawl_err rp_topics_load(rp_topics *tp, rp_strtab *t, const char *path, trawl_diag *d)
{
	topics_ctx c = { tp, t, path };
	trawl_err rc = rp_read_list_file(path, ':', topic_line, &c, d);

	if (!rc && !tp->n) {
		trawl__diag_set(d, path, "no topics (lines like  name: term, term)");
		rc = TRAWL_EFORMAT;
	}
	return rc;
}

void rp_topics_release(rp_topics *tp)
{
	for (size_t i = 0; i < tp->n; i++)
		free(tp->t[i].query);
	free(tp->t);
	memset(tp, 0, sizeof *tp);
}
