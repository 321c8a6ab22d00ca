/* Search, facts and browsing on the PostgreSQL backend.
 *
 * The query tree becomes a tsquery over the tsvectors trawl's tokenizer
 * made (pg_index.c): a term is the phrase of its tokens ('a' <-> 'b'),
 * AND, OR and NOT are &, | and !, and NEAR(a b, N) is a within b at a
 * distance of 1 to N + 1 in either order. A unit over PostgreSQL's
 * tsvector limits is kept in parts; the tree is then evaluated over all
 * of the unit's parts at once (a term is in the unit when it is in one of
 * its parts), so AND and NOT keep their meaning across parts.
 *
 * Ranking is FTS5's BM25 (k1 = 1.2, b = 0.75) computed in SQL: each
 * phrase's document frequency is counted with the GIN index, its
 * frequency in a unit read from the tsvector's positions (trawl_pf), the
 * collection's size and average length kept in fts_stats. See
 * docs/postgresql.md for where it differs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "store/pg_be.h"
#include "index/ixsearch.h"
#include "index/tokenize.h"
#include "util/diag.h"
#include "util/banned.h"

/* NEAR over a larger distance is searched as AND (a tsquery of 2 (N + 1)
 * alternatives would grow without bound) */
#define MAX_NEAR 500

/* A phrase of the query: its tsquery and its tokens as an SQL array. */
typedef struct phrase {
	char *tsq;
	char *toks;
	/* the SQL string of the lexeme whose positions are the phrase's own
	 * (one token, or a CJK bigram and its second character), or NULL:
	 * its frequency is then trawl_pf's */
	char *lead;
	double idf;
	uint64_t units, docs; /* that hold it */
} phrase;

typedef struct render_ctx {
	trawl__vec phrases; /* phrase: every term, in the order of the tree */
	trawl_err rc;
} render_ctx;

typedef struct tok_ctx {
	trawl__buf *tsq, *arr;
	int n;
	char tok[2][64];  /* the first two tokens (when they fit) */
	int len[2];
} tok_ctx;

/* The number of code points of s[0..n) if all are CJK characters, else 0. */
static int cjk_chars(const char *s, int n)
{
	int k = 0;

	for (int i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
		if (m <= 0 || !trawl__is_cjk((uint32_t)cp))
			return 0;
		i += (int)m;
		k++;
	}
	return k;
}

/* Whether a phrase's frequency is the count of its first token's
 * positions: a single token, or a bigram ab then b (the tokenizer puts b
 * at the position after every ab). Tokens with a comma are left to
 * trawl_pf (the count is of the commas in the lexeme's text form). */
static int lead_only(const tok_ctx *t)
{
	if (t->n < 1 || t->n > 2 || t->len[0] <= 0 || memchr(t->tok[0], ',', (size_t)t->len[0]))
		return 0;
	if (t->n == 1)
		return 1;
	return t->len[1] > 0 && t->len[1] < t->len[0] && cjk_chars(t->tok[0], t->len[0]) == 2 &&
	       cjk_chars(t->tok[1], t->len[1]) == 1 &&
	       !memcmp(t->tok[0] + t->len[0] - t->len[1], t->tok[1], (size_t)t->len[1]);
}

static void add_lexeme(trawl__buf *b, const char *t, int n)
{
	trawl__buf_addc(b, '\'');
	for (int i = 0; i < n; i++) {
		if (t[i] == '\'' || t[i] == '\\')
			trawl__buf_addc(b, t[i]);
		trawl__buf_addc(b, t[i]);
	}
	trawl__buf_addc(b, '\'');
}

static int on_qtok(void *u, int colocated, const char *tok, int n, int start, int end)
{
	tok_ctx *c = u;

	(void)colocated;
	(void)start;
	(void)end;
	if (c->n < 2) {
		c->len[c->n] = n < (int)sizeof c->tok[0] ? n : -1;
		if (n < (int)sizeof c->tok[0])
			memcpy(c->tok[c->n], tok, (size_t)n);
	}
	if (c->n++)
		trawl__buf_adds(c->tsq, " <-> ");
	add_lexeme(c->tsq, tok, n);
	/* the array element, as an SQL string literal (standard strings:
	 * only a quote is doubled) */
	if (c->n > 1)
		trawl__buf_addc(c->arr, ',');
	trawl__buf_addc(c->arr, '\'');
	for (int i = 0; i < n; i++) {
		if (tok[i] == '\'')
			trawl__buf_addc(c->arr, '\'');
		trawl__buf_addc(c->arr, tok[i]);
	}
	trawl__buf_addc(c->arr, '\'');
	return 0;
}

/* The tsquery of a term (the phrase of its tokens) into out; the term is
 * recorded as one of the query's phrases. A term with no token matches
 * nothing: a lexeme no text has. */
static void render_term(render_ctx *c, const char *text, trawl__buf *out)
{
	trawl__buf tsq, arr, lead;
	tok_ctx t;
	phrase *ph;

	memset(&t, 0, sizeof t);
	t.tsq = &tsq;
	t.arr = &arr;

	trawl__buf_init(&tsq, 0);
	trawl__buf_init(&arr, 0);
	trawl__buf_adds(&arr, "ARRAY[");
	trawl__tokenize(text, (int)strlen(text), TRAWL__TOK_QUERY, on_qtok, &t);
	if (!t.n)
		trawl__buf_adds(&tsq, "'\x02'");
	/* ab then b is where ab is: one lexeme, which the GIN index answers
	 * without reading the tsvectors' positions */
	if (t.n == 2 && lead_only(&t)) {
		trawl__buf_reset(&tsq);
		add_lexeme(&tsq, t.tok[0], t.len[0]);
	}
	trawl__buf_adds(&arr, t.n ? "]::text[]" : "'\x02']::text[]");
	if (pg_buf_bad(&tsq) || pg_buf_bad(&arr)) {
		c->rc = TRAWL_ENOMEM;
		goto out;
	}
	trawl__buf_addc(out, '(');
	trawl__buf_adds(out, tsq.data);
	trawl__buf_addc(out, ')');
	ph = trawl__vec_push(&c->phrases);
	if (!ph) {
		c->rc = TRAWL_ENOMEM;
		goto out;
	}
	ph->tsq = trawl__buf_detach(&tsq, NULL);
	ph->toks = trawl__buf_detach(&arr, NULL);
	if (!ph->tsq || !ph->toks)
		c->rc = TRAWL_ENOMEM;
	if (lead_only(&t)) {
		trawl__buf_init(&lead, 0);
		trawl__buf_addc(&lead, '\'');
		for (int i = 0; i < t.len[0]; i++) {
			if (t.tok[0][i] == '\'')
				trawl__buf_addc(&lead, '\'');
			trawl__buf_addc(&lead, t.tok[0][i]);
		}
		trawl__buf_addc(&lead, '\'');
		if (!(ph->lead = trawl__buf_detach(&lead, NULL)))
			c->rc = TRAWL_ENOMEM;
	}
out:
	trawl__buf_release(&tsq);
	trawl__buf_release(&arr);
}

static void render(render_ctx *c, const trawl__qnode *n, trawl__buf *b);

/* NEAR of two: b at 1 to N + 1 positions after the end of a, or a after b */
static void render_near2(render_ctx *c, const trawl__qnode *x, const trawl__qnode *y, int near,
                         trawl__buf *b)
{
	trawl__buf bx, by;
	size_t np = c->phrases.n;

	trawl__buf_init(&bx, 0);
	trawl__buf_init(&by, 0);
	render(c, x, &bx);
	render(c, y, &by);
	if (pg_buf_bad(&bx) || pg_buf_bad(&by)) {
		c->rc = TRAWL_ENOMEM;
	} else if (near >= MAX_NEAR) {
		trawl__buf_addf(b, "(%s & %s)", bx.data, by.data);
	} else {
		trawl__buf_addc(b, '(');
		for (int k = 1; k <= near + 1; k++)
			trawl__buf_addf(b, "%s%s <%d> %s | %s <%d> %s", k > 1 ? " | " : "", bx.data, k,
			                by.data, by.data, k, bx.data);
		trawl__buf_addc(b, ')');
	}
	(void)np;
	trawl__buf_release(&bx);
	trawl__buf_release(&by);
}

static void render(render_ctx *c, const trawl__qnode *n, trawl__buf *b)
{
	int i, j;

	switch (n->type) {
	case TRAWL__Q_TERM:
		render_term(c, n->text, b);
		break;
	case TRAWL__Q_AND:
		trawl__buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i)
				trawl__buf_adds(b, " & ");
			render(c, n->kids[i], b);
		}
		if (n->nnots) {
			trawl__buf_adds(b, n->nkids ? " & !(" : "!(");
			for (i = 0; i < n->nnots; i++) {
				if (i)
					trawl__buf_adds(b, " | ");
				render(c, n->nots[i], b);
			}
			trawl__buf_addc(b, ')');
		}
		trawl__buf_addc(b, ')');
		break;
	case TRAWL__Q_OR:
		trawl__buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i)
				trawl__buf_adds(b, " | ");
			render(c, n->kids[i], b);
		}
		trawl__buf_addc(b, ')');
		break;
	case TRAWL__Q_NEAR:
		if (n->nkids == 2) {
			render_near2(c, n->kids[0], n->kids[1], n->near, b);
			break;
		}
		/* three or more: each pair near (see docs/postgresql.md) */
		trawl__buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++)
			for (j = i + 1; j < n->nkids; j++) {
				if (i || j > 1)
					trawl__buf_adds(b, " & ");
				render_near2(c, n->kids[i], n->kids[j], n->near, b);
			}
		trawl__buf_addc(b, ')');
		break;
	}
}

/* The tree over a unit's parts (p): a term or NEAR group is in the unit
 * when one part has it. */
static void render_parts(render_ctx *c, const trawl__qnode *n, trawl__buf *b)
{
	int i;

	if (n->type == TRAWL__Q_TERM || n->type == TRAWL__Q_NEAR) {
		trawl__buf t;
		size_t np = c->phrases.n;
		trawl__buf_init(&t, 0);
		render(c, n, &t);
		/* (its phrases were counted by the main rendering) */
		for (size_t k = np; k < c->phrases.n; k++) {
			phrase *ph = &TRAWL_VEC_AT(&c->phrases, phrase, k);
			free(ph->tsq);
			free(ph->toks);
			free(ph->lead);
		}
		c->phrases.n = np;
		trawl__buf_adds(b, "bool_or(p.tsv @@ ");
		trawl__pg_quote(b, t.data ? t.data : "");
		trawl__buf_adds(b, "::tsquery)");
		trawl__buf_release(&t);
		return;
	}
	trawl__buf_addc(b, '(');
	for (i = 0; i < n->nkids; i++) {
		if (i)
			trawl__buf_adds(b, n->type == TRAWL__Q_AND ? " AND " : " OR ");
		render_parts(c, n->kids[i], b);
	}
	if (n->type == TRAWL__Q_AND && n->nnots) {
		trawl__buf_adds(b, n->nkids ? " AND NOT (" : "NOT (");
		for (i = 0; i < n->nnots; i++) {
			if (i)
				trawl__buf_adds(b, " OR ");
			render_parts(c, n->nots[i], b);
		}
		trawl__buf_addc(b, ')');
	}
	trawl__buf_addc(b, ')');
}

/* Every term and NEAR group that a match must have one of (those not
 * under a NOT), as one OR: the parts that can be in a match. */
static void render_any(render_ctx *c, const trawl__qnode *n, trawl__buf *b)
{
	if (n->type == TRAWL__Q_TERM || n->type == TRAWL__Q_NEAR) {
		size_t np = c->phrases.n;
		if (b->len)
			trawl__buf_adds(b, " | ");
		render(c, n, b);
		for (size_t k = np; k < c->phrases.n; k++) {
			phrase *ph = &TRAWL_VEC_AT(&c->phrases, phrase, k);
			free(ph->tsq);
			free(ph->toks);
			free(ph->lead);
		}
		c->phrases.n = np;
		return;
	}
	for (int i = 0; i < n->nkids; i++)
		render_any(c, n->kids[i], b);
}

typedef struct match_sql {
	render_ctx rc;
	trawl__buf tsq;    /* the whole query */
	trawl__buf parts;  /* over a unit's parts, for HAVING */
	trawl__buf any;    /* any positive term */
	trawl__buf sql;    /* SELECT doc, seq, sc: the matching units */
	int from_ix;       /* sql lists what the index found: */
	uint64_t hits, documents; /* its matching units and documents */
} match_sql;

static void match_release(match_sql *m)
{
	for (size_t i = 0; i < m->rc.phrases.n; i++) {
		phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
		free(ph->tsq);
		free(ph->toks);
		free(ph->lead);
	}
	trawl__vec_release(&m->rc.phrases);
	trawl__buf_release(&m->tsq);
	trawl__buf_release(&m->parts);
	trawl__buf_release(&m->any);
	trawl__buf_release(&m->sql);
}

/* Each phrase's IDF as FTS5 computes it: log((N - n + 0.5) / (n + 0.5)),
 * at least 1e-6; and the average unit length into *avgdl. One statement
 * (one round trip) counts every phrase with the GIN index: row -1 is
 * the collection's size, row i phrase i's units and documents. */
static trawl_err idfs(pg_be *b, match_sql *m, double *avgdl, trawl_diag *d)
{
	static const char what[] = "ranking the search";
	PGresult *r;
	trawl__buf sql;
	double nrows = 0, ntok = 0;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&sql, 0);
	trawl__buf_adds(&sql, "SELECT -1, coalesce(sum(nrows), 0)::float8, coalesce(sum(ntokens), "
	                "0)::float8 FROM fts_stats");
	for (size_t i = 0; i < m->rc.phrases.n; i++) {
		phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
		/* the units that hold it, and their documents */
		trawl__buf_addf(&sql, " UNION ALL SELECT %zu, count(*), count(DISTINCT doc) FROM "
		                "(SELECT doc, seq FROM units WHERE tsv @@ ", i);
		trawl__pg_quote(&sql, ph->tsq);
		trawl__buf_adds(&sql, "::tsquery UNION ALL SELECT DISTINCT doc, seq FROM unit_parts "
		                "WHERE tsv @@ ");
		trawl__pg_quote(&sql, ph->tsq);
		trawl__buf_adds(&sql, "::tsquery) x");
	}
	if (pg_buf_bad(&sql)) {
		trawl__buf_release(&sql);
		return TRAWL_ENOMEM;
	}
	r = trawl__pg_exec(b, b->db, sql.data, NULL, d, what);
	trawl__buf_release(&sql);
	if (!r)
		return b->last_err;
	if (PQntuples(r) != (int)m->rc.phrases.n + 1) {
		trawl__diag_set(d, NULL, "%s: %d rows for %zu phrases", what, PQntuples(r),
		                m->rc.phrases.n);
		rc = TRAWL_ESTORE;
	}
	for (int k = 0; !rc && k < PQntuples(r); k++) {
		long i = strtol(PQgetvalue(r, k, 0), NULL, 10);
		if (i < 0) {
			nrows = trawl__pg_f64(r, k, 1);
			ntok = trawl__pg_f64(r, k, 2);
		} else if ((size_t)i < m->rc.phrases.n) {
			phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, (size_t)i);
			ph->units = (uint64_t)trawl__pg_f64(r, k, 1);
			ph->docs = (uint64_t)trawl__pg_f64(r, k, 2);
		}
	}
	PQclear(r);
	if (rc)
		return rc;
	*avgdl = nrows > 0 && ntok > 0 ? ntok / nrows : 1;
	for (size_t i = 0; i < m->rc.phrases.n; i++) {
		phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
		double n = (double)ph->units, idf = log((nrows - n + 0.5) / (n + 0.5));
		ph->idf = idf <= 0 ? 1e-6 : idf;
	}
	return TRAWL_OK;
}

/* BM25 over the frequencies f(i) of the phrases (an SQL expression each)
 * and the unit's length len. */
static void bm25_sql(trawl__buf *b, match_sql *m, double avgdl, const char *len,
                     void (*freq)(trawl__buf *, const phrase *, size_t))
{
	if (!m->rc.phrases.n) {
		trawl__buf_adds(b, "0.0");
		return;
	}
	trawl__buf_addc(b, '(');
	for (size_t i = 0; i < m->rc.phrases.n; i++) {
		const phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
		if (i)
			trawl__buf_adds(b, " + ");
		trawl__buf_addf(b, "%.17g * (", ph->idf);
		freq(b, ph, i);
		trawl__buf_adds(b, ") * 2.2 / ((");
		freq(b, ph, i);
		trawl__buf_addf(b, ") + 1.2 * (0.25 + 0.75 * %s / %.17g))", len, avgdl);
	}
	trawl__buf_addc(b, ')');
}

/* The phrase's frequency in the tsvector col: with a lead lexeme, its
 * positions counted in C (the commas of its text form, weighted A and
 * kept alone); else trawl_pf, which intersects the tokens' positions. */
static void freq_of(trawl__buf *b, const phrase *ph, const char *col)
{
	if (ph->lead)
		trawl__buf_addf(b, "coalesce(array_length(string_to_array(ts_filter(setweight(%s, 'A', "
		                "ARRAY[%s]::text[]), '{a}')::text, ','), 1), 0)", col, ph->lead);
	else
		trawl__buf_addf(b, "trawl_pf(%s, %s)", col, ph->toks);
}

static void freq_unit(trawl__buf *b, const phrase *ph, size_t i)
{
	(void)i;
	freq_of(b, ph, "u.tsv");
}

static void freq_parts(trawl__buf *b, const phrase *ph, size_t i)
{
	(void)ph;
	trawl__buf_addf(b, "f%zu", i);
}

/* The units the index finds for root, as the SQL of constant arrays
 * (doc, seq, sc), sc the index's BM25 score when rank (the SQLite
 * store's, to the last digit), else 0; *used 0 (and nothing done) when
 * this session can't read the index. Every match is listed: what the
 * tsvectors would give, without reading them. */
static trawl_err index_matches(pg_be *b, const trawl__qnode *root, int rank, match_sql *m,
                               int *used, trawl_diag *d)
{
	trawl__buf *sql = &m->sql;
	trawl__ixquery iq;
	trawl__ixresult res;
	trawl__buf docs, seqs, scs;
	trawl_err rc;
	int yes;

	*used = 0;
	if ((rc = trawl__pgix_readable(b, &yes, d)) || !yes)
		return rc;
	memset(&iq, 0, sizeof iq);
	memset(&res, 0, sizeof res);
	iq.root = root;
	iq.limit = SIZE_MAX; /* (every match: the index stops at their number) */
	if ((rc = trawl__pgix_search(b, &iq, &res, used, d)) || !*used)
		return rc;
	trawl__buf_init(&docs, 0);
	trawl__buf_init(&seqs, 0);
	trawl__buf_init(&scs, 0);
	for (size_t i = 0; i < res.ntop; i++) {
		trawl__buf_addf(&docs, "%s%u", i ? "," : "", res.top[i].doc);
		trawl__buf_addf(&seqs, "%s%u", i ? "," : "", res.top[i].seq);
		if (rank)
			trawl__buf_addf(&scs, "%s%.17g", i ? "," : "", res.top[i].score);
	}
	trawl__buf_addf(sql, "SELECT t.doc, t.seq, %s AS sc FROM unnest('{%s}'::bigint[], "
	                "'{%s}'::int[]%s%s%s) AS t(doc, seq%s)", rank ? "t.sc" : "0.0::float8",
	                docs.data ? docs.data : "", seqs.data ? seqs.data : "",
	                rank ? ", '{" : "", rank && scs.data ? scs.data : "", rank ? "}'::float8[]" : "",
	                rank ? ", sc" : "");
	if (trawl__buf_err(&docs) || trawl__buf_err(&seqs) || trawl__buf_err(&scs) ||
	    pg_buf_bad(sql)) {
		trawl__diag_set(d, NULL, "the search's %llu matching units are too many to hand to "
		                "the database", (unsigned long long)res.ntop);
		rc = TRAWL_ENOMEM;
	}
	m->from_ix = 1;
	m->hits = res.hits;
	m->documents = res.documents;
	trawl__buf_release(&docs);
	trawl__buf_release(&seqs);
	trawl__buf_release(&scs);
	trawl__ixresult_release(&res);
	return rc;
}

/* The SQL of the units the query matches: (doc, seq, sc), sc its BM25
 * score when rank, else 0 (rank -1: the tsquery alone, no SQL). Through
 * the index where this session may read it, else through the tsvectors
 * (row-level security filters them). */
static trawl_err match_build(pg_be *b, const trawl__qnode *root, int rank, match_sql *m,
                             trawl_diag *d)
{
	double avgdl = 1;
	trawl_err rc;
	int used = 0;

	memset(m, 0, sizeof *m);
	trawl__vec_init(&m->rc.phrases, sizeof(phrase));
	trawl__buf_init(&m->tsq, 0);
	trawl__buf_init(&m->parts, 0);
	trawl__buf_init(&m->any, 0);
	trawl__buf_init(&m->sql, 0);
	render(&m->rc, root, &m->tsq);
	render_parts(&m->rc, root, &m->parts);
	render_any(&m->rc, root, &m->any);
	if (m->rc.rc || pg_buf_bad(&m->tsq) || pg_buf_bad(&m->parts))
		return TRAWL_ENOMEM;
	if (!m->any.data)
		/* only NOTs: every unit can match */
		trawl__buf_adds(&m->any, "!'\x02'");
	if (rank < 0)
		return TRAWL_OK;
	if ((rc = index_matches(b, root, rank, m, &used, d)) || used)
		return rc;
	/* a store that has no user has no tsvectors either (its owner reads
	 * the index): when the index can't be read, say so rather than find
	 * nothing (once they are made they stay: read until then) */
	if (b->tsv != 1 && (rc = trawl__pg_tsv_read(b, d)))
		return rc;
	if (!b->tsv) {
		int yes = 0;
		if ((rc = trawl__pgix_readable(b, &yes, d)))
			return rc;
		if (yes)
			trawl__diag_set(d, NULL, "the store's search index is not whole, and this store "
			                "has no other way to its words: the owner's next trawl add "
			                "rebuilds it");
		else
			trawl__diag_set(d, NULL, "this session can't read the store's search index (it is "
			                "not the store's owner), and the store has made no words for its "
			                "users yet: the owner's trawl admin user add or admin grant "
			                "makes them");
		return TRAWL_ESTORE;
	}
	if (rank && (rc = idfs(b, m, &avgdl, d)))
		return rc;
	if (rank) {
		/* each phrase's frequency once a unit (BM25 names it twice; OFFSET
		 * 0 keeps the planner from copying the calls into the outer
		 * expression) */
		trawl__buf_adds(&m->sql, "SELECT y.doc, y.seq, ");
		bm25_sql(&m->sql, m, avgdl, "y.ntok", freq_parts);
		trawl__buf_adds(&m->sql, " AS sc FROM (SELECT u.doc, u.seq, u.ntok");
		for (size_t i = 0; i < m->rc.phrases.n; i++) {
			const phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
			trawl__buf_adds(&m->sql, ", ");
			freq_unit(&m->sql, ph, i);
			trawl__buf_addf(&m->sql, " AS f%zu", i);
		}
		trawl__buf_adds(&m->sql, " FROM units u WHERE u.tsv @@ ");
		trawl__pg_quote(&m->sql, m->tsq.data);
		trawl__buf_adds(&m->sql, "::tsquery OFFSET 0) y");
	} else {
		trawl__buf_adds(&m->sql, "SELECT u.doc, u.seq, 0.0 AS sc FROM units u WHERE u.tsv @@ ");
		trawl__pg_quote(&m->sql, m->tsq.data);
		trawl__buf_adds(&m->sql, "::tsquery");
	}
	trawl__buf_adds(&m->sql, " UNION ALL SELECT x.doc, x.seq, ");
	if (rank)
		bm25_sql(&m->sql, m, avgdl, "un.ntok", freq_parts);
	else
		trawl__buf_adds(&m->sql, "0.0");
	trawl__buf_adds(&m->sql, " FROM (SELECT p.doc, p.seq");
	for (size_t i = 0; rank && i < m->rc.phrases.n; i++) {
		const phrase *ph = &TRAWL_VEC_AT(&m->rc.phrases, phrase, i);
		trawl__buf_adds(&m->sql, ", sum(");
		freq_of(&m->sql, ph, "p.tsv");
		trawl__buf_addf(&m->sql, ") AS f%zu", i);
	}
	/* (the documents of the matching parts as an array too, computed
	 * first: a partition on a shard is sent that array, where the IN and
	 * the join alone made it send all its parts and units) */
	trawl__buf_adds(&m->sql, " FROM unit_parts p WHERE p.doc = ANY(ARRAY(SELECT doc FROM "
	                "unit_parts WHERE tsv @@ ");
	trawl__pg_quote(&m->sql, m->any.data);
	trawl__buf_adds(&m->sql, "::tsquery)) AND (p.doc, p.seq) IN (SELECT doc, seq "
	                "FROM unit_parts WHERE tsv @@ ");
	trawl__pg_quote(&m->sql, m->any.data);
	trawl__buf_addf(&m->sql, "::tsquery) GROUP BY p.doc, p.seq HAVING %s) x JOIN units un ON "
	                "un.doc = x.doc AND un.seq = x.seq WHERE un.doc = ANY(ARRAY(SELECT doc "
	                "FROM unit_parts WHERE tsv @@ ", m->parts.data);
	trawl__pg_quote(&m->sql, m->any.data);
	trawl__buf_adds(&m->sql, "::tsquery))");
	return pg_buf_bad(&m->sql) ? TRAWL_ENOMEM : TRAWL_OK;
}

/* ---- filters ---- */

/* a document hit's OCR mark: its OCR'd units' mean confidence, or NULL */
#define DOC_OCR "CASE WHEN d.ocr_units > 0 THEN d.ocr_conf END"
#define CURRENT "(NOT EXISTS (SELECT 1 FROM sightings s1 JOIN sightings s2 ON s2.realpath = " \
	"s1.realpath AND s2.id > s1.id AND s2.sha256 != s1.sha256 WHERE s1.id = (SELECT max(id) " \
	"FROM sightings WHERE sha256 = d.sha256)))::int"

/* The search filters of q (may be NULL) and o as SQL over d (docs) and b
 * (blobs), each beginning " AND ", with parameters $10 to $30. */
static void filters_sql(trawl__buf *w, const trawl__query *q, const trawl_search_opts *o)
{
	const trawl_filter *f = o->filter;

	if (f && f->kind)
		trawl__buf_adds(w, " AND " PG_EFF_KIND " = $22");
	if (f && f->year)
		trawl__buf_adds(w, " AND " PG_EFF_YEAR " = $23::int");
	if (f && f->place)
		trawl__buf_adds(w, " AND " PG_EFF_PLACE " = $24");
	if (f && f->format)
		trawl__buf_adds(w, " AND b.format = $25");
	if (f && f->currency)
		trawl__buf_adds(w, " AND " PG_EFF_CURRENCY " = $26");
	if (f && f->amount_min)
		trawl__buf_adds(w, " AND trawl_num(" PG_EFF_AMOUNT ") >= $27::float8");
	if (f && f->amount_max)
		trawl__buf_adds(w, " AND trawl_num(" PG_EFF_AMOUNT ") <= $28::float8");
	if (f && f->agency)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fx WHERE fx.doc = d.rid AND "
		                "fx.kind = 'party' AND fx.role IN ('issuer', 'buyer') AND "
		                "fx.value = $29)");
	if (f && f->vendor)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fy WHERE fy.doc = d.rid AND "
		                "fy.kind = 'party' AND fy.role = 'vendor' AND fy.value = $30)");
	if (!q)
		return;
	if (q->type)
		trawl__buf_adds(w, " AND b.format = $10");
	if (q->year_lo)
		trawl__buf_adds(w, " AND " PG_EFF_YEAR " BETWEEN $11::int AND $12::int");
	if (q->path)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM sightings sp WHERE "
		                "sp.sha256 = d.sha256 AND strpos(sp.path, $13) > 0)");
	if (o->since > 0)
		trawl__buf_adds(w, " AND d.rid > $14::bigint");
	if (q->kind)
		trawl__buf_adds(w, " AND " PG_EFF_KIND " = $15");
	if (q->amount_op[0])
		trawl__buf_addf(w, " AND EXISTS (SELECT 1 FROM facts fa WHERE fa.doc = d.rid AND "
		                "fa.kind IN ('money', 'item') AND fa.role IS DISTINCT FROM 'price' AND "
		                "fa.currency = '%s' AND fa.num %s $16::float8)",
		                /* a code of three capitals (query.c): no quoting needed */
		                q->amount_cur[0] ? q->amount_cur : "CNY", q->amount_op);
	if (q->vendor)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fv WHERE fv.doc = d.rid AND "
		                "fv.kind = 'party' AND fv.role = 'vendor' AND strpos(fv.value, $17) > 0)");
	if (q->buyer)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fb WHERE fb.doc = d.rid AND "
		                "fb.kind = 'party' AND fb.role = 'buyer' AND strpos(fb.value, $18) > 0)");
	if (q->agency)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fg WHERE fg.doc = d.rid AND "
		                "fg.kind = 'party' AND fg.role IN ('agency', 'issuer', 'buyer') AND "
		                "strpos(fg.value, $19) > 0)");
	/* the document's place: a division it lies in, or a name that holds
	 * the text (as on SQLite) */
	if (q->place)
		trawl__buf_adds(w, " AND (strpos(coalesce(" PG_EFF_PLACE ", ''), $20) > 0 OR "
		                "(" PG_EFF_PLACE_CODE " IS NOT NULL AND "
		                "(strpos($21, ',' || substr(" PG_EFF_PLACE_CODE ", 1, 2) || ',') > 0 OR "
		                "strpos($21, ',' || substr(" PG_EFF_PLACE_CODE ", 1, 4) || ',') > 0 OR "
		                "strpos($21, ',' || " PG_EFF_PLACE_CODE " || ',') > 0 OR "
		                "substr(" PG_EFF_PLACE_CODE ", 1, length($20)) = $20)))");
}

static void bind_filters(pg_params *p, const trawl__query *q, const trawl_search_opts *o)
{
	const trawl_filter *f = o->filter;

	if (f && f->kind)
		trawl__pg_text(p, 22, f->kind);
	if (f && f->year)
		trawl__pg_int(p, 23, f->year);
	if (f && f->place)
		trawl__pg_text(p, 24, f->place);
	if (f && f->format)
		trawl__pg_text(p, 25, f->format);
	if (f && f->currency)
		trawl__pg_text(p, 26, f->currency);
	if (f && f->amount_min)
		trawl__pg_double(p, 27, strtod(f->amount_min, NULL));
	if (f && f->amount_max)
		trawl__pg_double(p, 28, strtod(f->amount_max, NULL));
	if (f && f->agency)
		trawl__pg_text(p, 29, f->agency);
	if (f && f->vendor)
		trawl__pg_text(p, 30, f->vendor);
	if (!q)
		return;
	if (q->type)
		trawl__pg_text(p, 10, q->type);
	if (q->year_lo) {
		trawl__pg_int(p, 11, q->year_lo);
		trawl__pg_int(p, 12, q->year_hi);
	}
	if (q->path)
		trawl__pg_text(p, 13, q->path);
	if (o->since > 0)
		trawl__pg_int(p, 14, o->since);
	if (q->kind)
		trawl__pg_text(p, 15, q->kind);
	if (q->amount_op[0])
		trawl__pg_double(p, 16, q->amount);
	if (q->vendor)
		trawl__pg_text(p, 17, q->vendor);
	if (q->buyer)
		trawl__pg_text(p, 18, q->buyer);
	if (q->agency)
		trawl__pg_text(p, 19, q->agency);
	if (q->place) {
		trawl__pg_text(p, 20, q->place);
		trawl__pg_text(p, 21, q->place_codes ? q->place_codes : ",");
	}
}

/* A failed search statement: EUSAGE for what the server refuses as
 * written, else a store failure. */
static trawl_err search_failed(pg_be *b, trawl_diag *d)
{
	if (b->last_err == TRAWL_EUSAGE && d) {
		char m[sizeof d->msg];
		snprintf(m, sizeof m, "%s", d->msg);
		trawl__diag_set(d, NULL, "the query could not be run as written (%s)", m);
	}
	return b->last_err;
}

/* ---- the statements of a search ---- */

/* The documents the search finds, (rid, n) with n its matching units (1
 * each without words): from src, the matching units ("(SQL) m", or the
 * CTE m), or with src NULL every document; where holds the filters. */
static void docs_from(trawl__buf *sql, const char *src, const char *where)
{
	if (src)
		trawl__buf_addf(sql, "SELECT d.rid, x.n FROM (SELECT m.doc, count(*) AS n FROM %s "
		                "GROUP BY m.doc) x JOIN docs d ON d.rid = x.doc JOIN blobs b ON "
		                "b.sha256 = d.sha256 WHERE true%s", src, where);
	else
		trawl__buf_addf(sql, "SELECT d.rid, 1 AS n FROM docs d JOIN blobs b ON "
		                "b.sha256 = d.sha256 WHERE true%s", where);
}

/* The facet counts of the documents of the CTE fm (docs_from's): the CTEs
 * v and fc(dim, value, n, units), fc the counts of each dimension's
 * values, counted by the server: a party named twice in a document
 * (issuer and buyer) counts once; a currency only with an amount;
 * dimension '' is the totals (documents, units). */
static void facets_ctes(trawl__buf *sql)
{
	trawl__buf_adds(sql,
	    "v AS (SELECT d.rid, " PG_EFF_KIND " AS kind, " PG_EFF_YEAR " AS year, "
	    PG_EFF_PLACE " AS place, b.format, CASE WHEN " PG_EFF_AMOUNT " IS NOT NULL THEN "
	    PG_EFF_CURRENCY " END AS currency FROM fm JOIN docs d ON d.rid = fm.rid JOIN blobs b ON "
	    "b.sha256 = d.sha256), "
	    "fc(dim, value, n, units) AS (SELECT '', '', count(*), coalesce(sum(n), 0) FROM fm "
	    "UNION ALL SELECT 'kind', kind, count(*), 0 FROM v WHERE kind <> '' GROUP BY kind "
	    "UNION ALL SELECT 'year', year::text, count(*), 0 FROM v WHERE year > 0 GROUP BY year "
	    "UNION ALL SELECT 'place', place, count(*), 0 FROM v WHERE place <> '' GROUP BY place "
	    "UNION ALL SELECT 'format', format, count(*), 0 FROM v WHERE format <> '' "
	    "GROUP BY format "
	    "UNION ALL SELECT 'currency', currency, count(*), 0 FROM v WHERE currency <> '' "
	    "GROUP BY currency "
	    "UNION ALL SELECT g, value, count(*), 0 FROM (SELECT DISTINCT f.doc, CASE f.role WHEN "
	    "'vendor' THEN 'vendor' ELSE 'agency' END AS g, f.value FROM fm JOIN facts f ON "
	    "f.doc = fm.rid WHERE f.kind = 'party' AND f.role IN ('vendor', 'issuer', 'buyer') AND "
	    "f.value <> '') pv GROUP BY g, value)");
}

/* The facet dimensions in the order trawl_facets_count gives them. */
static const char *const facet_dims[] = { "kind", "year", "place", "agency", "vendor",
                                          "format", "currency" };

typedef struct fval {
	const char *value;
	uint64_t n;
	int years;
} fval;

static int fval_cmp(const void *a, const void *b)
{
	const fval *x = a, *y = b;

	if (x->years)
		return strcmp(y->value, x->value);
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Gives cb the facet counts of r's rows of fc (dim, value, n, units from
 * column col; with tag, only the rows whose column 0 is "0"), each
 * dimension's values by count then name (years newest first), at most
 * max_values each; st gets the totals. */
static trawl_err facets_emit(const PGresult *r, int col, int tag, int max_values,
                             int (*cb)(const trawl_facet *, void *), void *u,
                             trawl_search_stats *st)
{
	int n = PQntuples(r);
	fval *v = NULL;

	if (n && !(v = calloc((size_t)n, sizeof *v)))
		return TRAWL_ENOMEM;
	for (int i = 0; i < n; i++)
		if ((!tag || !strcmp(PQgetvalue(r, i, 0), "0")) && !*PQgetvalue(r, i, col) && st) {
			st->documents = (uint64_t)trawl__pg_i64(r, i, col + 2);
			st->hits = (uint64_t)trawl__pg_i64(r, i, col + 3);
		}
	for (size_t k = 0; k < sizeof facet_dims / sizeof facet_dims[0]; k++) {
		size_t nv = 0;
		for (int i = 0; i < n; i++)
			if ((!tag || !strcmp(PQgetvalue(r, i, 0), "0")) &&
			    !strcmp(PQgetvalue(r, i, col), facet_dims[k])) {
				v[nv].value = PQgetvalue(r, i, col + 1);
				v[nv].n = (uint64_t)trawl__pg_i64(r, i, col + 2);
				v[nv].years = k == 1;
				nv++;
			}
		if (nv)
			qsort(v, nv, sizeof *v, fval_cmp);
		for (size_t i = 0; i < nv && (max_values <= 0 || i < (size_t)max_values); i++) {
			trawl_facet f = { facet_dims[k], v[i].value, v[i].n };
			if (cb(&f, u)) {
				free(v);
				return TRAWL_OK;
			}
		}
	}
	free(v);
	return TRAWL_OK;
}

/* The hits of the search, ordered and limited, from src (as docs_from's;
 * NULL without words): into pre the CTE it needs first ("top AS (...)")
 * or nothing, into body the SELECT of HIT_COLS columns. */
#define HIT_COLS 11
static void hits_sql(trawl__buf *pre, trawl__buf *body, const trawl__query *q,
                     const trawl_search_opts *o, const char *src, const char *where)
{
	const char *order = NULL;

	if (o->sort == TRAWL_SORT_DATE)
		order = PG_EFF_YEAR " DESC NULLS LAST, d.rid DESC";
	else if (o->sort == TRAWL_SORT_AMOUNT)
		order = "trawl_num(" PG_EFF_AMOUNT ") DESC NULLS LAST, d.rid DESC";
	/* the browser's list of every document: the latest stored first */
	if (!src && !order && o->filter)
		order = "d.rid DESC";
	if (src && !o->files) {
		/* the shown units first, then their rows, read by their numbers
		 * (a partition on a shard is sent the arrays; joined to every
		 * match, it sent its whole units table) */
		trawl__buf_addf(pre, "top AS MATERIALIZED (SELECT m.doc, m.seq, m.sc, row_number() "
		                "OVER (ORDER BY %s%sm.sc DESC, m.doc, m.seq) AS o FROM %s JOIN docs d "
		                "ON d.rid = m.doc JOIN blobs b ON b.sha256 = d.sha256 WHERE true%s "
		                "ORDER BY %s%sm.sc DESC, m.doc, m.seq LIMIT $2::int OFFSET $3::int)",
		                order ? order : "", order ? ", " : "", src, where,
		                order ? order : "", order ? ", " : "");
		trawl__buf_adds(body, "SELECT d.id, un.number, un.kind, top.sc, un.text, " PG_EFF_TITLE
		                ", b.format, " PG_LATEST_PATH ", d.pages, " CURRENT ", un.ocr FROM top "
		                "JOIN units un ON un.doc = top.doc AND un.seq = top.seq "
		                "JOIN docs d ON d.rid = top.doc JOIN blobs b ON b.sha256 = d.sha256 "
		                "WHERE un.doc = ANY(ARRAY(SELECT doc FROM top)) AND "
		                "un.seq = ANY(ARRAY(SELECT seq FROM top)) ORDER BY top.o");
	} else if (src && !*where && !order) {
		/* (ties by the order stored, as FTS5's rowids) */
		trawl__buf_addf(pre, "top AS (SELECT m.doc AS dk, max(m.sc) AS best FROM %s "
		                "GROUP BY m.doc ORDER BY best DESC, dk LIMIT $2::int OFFSET $3::int)",
		                src);
		trawl__buf_adds(body, "SELECT d.id, 0, NULL, top.best, NULL, " PG_EFF_TITLE
		                ", b.format, " PG_LATEST_PATH ", d.pages, " CURRENT ", " DOC_OCR
		                " FROM top JOIN docs d ON d.rid = top.dk JOIN blobs b ON "
		                "b.sha256 = d.sha256 ORDER BY top.best DESC, top.dk");
	} else if (src)
		trawl__buf_addf(body, "SELECT d.id, min(un.number), min(un.kind), max(m.sc) AS best, "
		                "NULL, " PG_EFF_TITLE ", b.format, " PG_LATEST_PATH ", d.pages, "
		                CURRENT ", " DOC_OCR " FROM %s JOIN units un ON un.doc = m.doc AND "
		                "un.seq = m.seq JOIN docs d ON d.rid = m.doc JOIN blobs b ON "
		                "b.sha256 = d.sha256 WHERE true%s GROUP BY d.id, b.sha256 "
		                "ORDER BY %s%sbest DESC, d.id LIMIT $2::int OFFSET $3::int",
		                src, where, order ? order : "", order ? ", " : "");
	else
		trawl__buf_addf(body, "SELECT d.id, 0, NULL, 0.0, NULL, " PG_EFF_TITLE ", b.format, "
		                PG_LATEST_PATH ", d.pages, " CURRENT ", " DOC_OCR " FROM docs d JOIN "
		                "blobs b ON b.sha256 = d.sha256 WHERE true%s ORDER BY %s%s8 NULLS FIRST, "
		                "d.seq LIMIT $2::int OFFSET $3::int", where,
		                order ? order : "", order ? ", " : "");
}

/* Gives cb the hits of r, rows from..to, columns from col on (as
 * hits_sql's); 1 when cb stopped. */
static int hits_emit(const PGresult *r, int from, int to, int col,
                     int (*cb)(const trawl_hit *, void *), void *u)
{
	for (int i = from; i < to; i++) {
		trawl_hit h;
		memset(&h, 0, sizeof h);
		h.doc = pg_col(r, i, col);
		h.page = (int)trawl__pg_i64(r, i, col + 1);
		h.kind = pg_col(r, i, col + 2);
		h.score = trawl__pg_f64(r, i, col + 3);
		h.snippet = pg_col(r, i, col + 4);
		h.title = pg_col(r, i, col + 5);
		h.format = pg_col(r, i, col + 6);
		h.path = pg_col(r, i, col + 7);
		h.paged = trawl__pg_i64(r, i, col + 8) > 0;
		h.current = (int)trawl__pg_i64(r, i, col + 9);
		h.ocr = !PQgetisnull(r, i, col + 10);
		h.ocr_conf = trawl__pg_f64(r, i, col + 10);
		if (cb(&h, u))
			return 1;
	}
	return 0;
}

/* The search with o->facet: one statement, the matching units evaluated
 * once (the CTE m) for the totals, the facet counts and the hits. Its
 * rows: (0, 0, dim, value, n, units) for the counts, then (1, i, hit
 * columns) for hit i in order, every column text (a float's text is the
 * one the server gives a float8 column, so no digit is lost). */
static trawl_err search_facets(pg_be *b, const trawl__query *q, const trawl_search_opts *o,
                               const match_sql *m, const char *where, const pg_params *p,
                               int (*cb)(const trawl_hit *, void *), void *u,
                               trawl_search_stats *st, trawl_diag *d)
{
	trawl__buf sql, pre, body;
	PGresult *r = NULL;
	const char *src = q->root ? "m" : NULL;
	trawl_err rc = TRAWL_OK;
	int first_hit;

	trawl__buf_init(&sql, 0);
	trawl__buf_init(&pre, 0);
	trawl__buf_init(&body, 0);
	trawl__buf_adds(&sql, "WITH ");
	if (q->root)
		trawl__buf_addf(&sql, "m AS MATERIALIZED (%s), ", m->sql.data);
	trawl__buf_adds(&sql, "fm AS (");
	docs_from(&sql, src, where);
	trawl__buf_adds(&sql, "), ");
	facets_ctes(&sql);
	if (cb)
		hits_sql(&pre, &body, q, o, src, where);
	if (pre.len)
		trawl__buf_addf(&sql, ", %s", pre.data);
	trawl__buf_adds(&sql, " SELECT 0, 0::bigint, dim, value, n::text, units::text");
	for (int i = 4; i < HIT_COLS; i++)
		trawl__buf_adds(&sql, ", NULL");
	trawl__buf_adds(&sql, " FROM fc");
	if (cb) {
		/* (row_number over the ordered hits keeps their order) */
		trawl__buf_adds(&sql, " UNION ALL SELECT 1, row_number() OVER ()");
		for (int i = 0; i < HIT_COLS; i++)
			trawl__buf_addf(&sql, ", h.c%d::text", i);
		trawl__buf_addf(&sql, " FROM (%s) h(", body.data);
		for (int i = 0; i < HIT_COLS; i++)
			trawl__buf_addf(&sql, "%sc%d", i ? ", " : "", i);
		trawl__buf_adds(&sql, ")");
	}
	trawl__buf_adds(&sql, " ORDER BY 1, 2");
	if (pg_buf_bad(&sql) || pg_buf_bad(&pre) || trawl__buf_err(&body)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (!(r = trawl__pg_exec(b, b->db, sql.data, p, d, "running the search"))) {
		rc = search_failed(b, d);
		goto out;
	}
	if ((rc = facets_emit(r, 2, 1, o->facet_values, o->facet, o->facet_udata, st)))
		goto out;
	for (first_hit = 0; first_hit < PQntuples(r); first_hit++)
		if (strcmp(PQgetvalue(r, first_hit, 0), "0"))
			break;
	if (cb)
		hits_emit(r, first_hit, PQntuples(r), 2, cb, u);
out:
	PQclear(r);
	trawl__buf_release(&sql);
	trawl__buf_release(&pre);
	trawl__buf_release(&body);
	return rc;
}

/* ---- through trawl's own index (pg_ix.c) ---- */

/* The documents the filters allow (NULL: every one). */
static trawl_err allowed(pg_be *b, const trawl__query *q, const trawl_search_opts *o,
                         const char *where, roaring_bitmap_t **out, trawl_diag *d)
{
	trawl__buf sql;
	pg_params p;
	PGresult *r;
	roaring_bitmap_t *a;

	*out = NULL;
	if (!*where)
		return TRAWL_OK;
	trawl__buf_init(&sql, 0);
	trawl__buf_addf(&sql, "SELECT d.rid FROM docs d JOIN blobs b ON b.sha256 = d.sha256 "
	                "WHERE true%s", where);
	if (pg_buf_bad(&sql)) {
		trawl__buf_release(&sql);
		return TRAWL_ENOMEM;
	}
	trawl__pg_params_init(&p);
	bind_filters(&p, q, o);
	r = trawl__pg_exec(b, b->db, sql.data, &p, d, "running the search");
	trawl__buf_release(&sql);
	if (!r)
		return search_failed(b, d);
	if (!(a = roaring_bitmap_create())) {
		PQclear(r);
		return TRAWL_ENOMEM;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t v = trawl__pg_i64(r, i, 0);
		if (v > 0 && v <= (int64_t)UINT32_MAX)
			roaring_bitmap_add(a, (uint32_t)v);
	}
	PQclear(r);
	*out = a;
	return TRAWL_OK;
}

/* Gives cb the hits top[0..n): their documents' and units' rows, in one
 * statement. (The units' own "= ANY" conditions on arrays sent as arrays
 * are what a partition on another server is sent: postgres_fdw does not
 * send a join's condition without use_remote_estimate, nor a text cast to
 * an array, and without them every search read each shard's whole units
 * table.) */
static trawl_err index_hits(pg_be *b, int files, const trawl__ixhit *top, size_t n,
                            int (*cb)(const trawl_hit *, void *), void *u, trawl_diag *d)
{
	static const char unit_sql[] =
		"SELECT t.o, d.id, un.number, un.kind, un.text, " PG_EFF_TITLE ", b.format, "
		PG_LATEST_PATH ", d.pages, " CURRENT ", un.ocr FROM unnest($1::bigint[], $2::int[]) "
		"WITH ORDINALITY AS t(doc, seq, o) JOIN units un ON un.doc = t.doc AND un.seq = t.seq "
		"JOIN docs d ON d.rid = t.doc JOIN blobs b ON b.sha256 = d.sha256 "
		"WHERE un.doc = ANY($1::bigint[]) AND un.seq = ANY($2::int[]) ORDER BY t.o";
	static const char file_sql[] =
		"SELECT t.o, d.id, 0, NULL, NULL, " PG_EFF_TITLE ", b.format, " PG_LATEST_PATH
		", d.pages, " CURRENT ", " DOC_OCR " FROM unnest($1::bigint[]) WITH ORDINALITY AS "
		"t(doc, o) JOIN docs d ON d.rid = t.doc JOIN blobs b ON b.sha256 = d.sha256 "
		"ORDER BY t.o";
	trawl__buf docs, seqs;
	pg_params p;
	PGresult *r;

	if (!n)
		return TRAWL_OK;
	trawl__buf_init(&docs, 0);
	trawl__buf_init(&seqs, 0);
	trawl__buf_addc(&docs, '{');
	trawl__buf_addc(&seqs, '{');
	for (size_t i = 0; i < n; i++) {
		trawl__buf_addf(&docs, "%s%u", i ? "," : "", top[i].doc);
		trawl__buf_addf(&seqs, "%s%u", i ? "," : "", top[i].seq);
	}
	trawl__buf_addc(&docs, '}');
	trawl__buf_addc(&seqs, '}');
	if (pg_buf_bad(&docs) || pg_buf_bad(&seqs)) {
		trawl__buf_release(&docs);
		trawl__buf_release(&seqs);
		return TRAWL_ENOMEM;
	}
	trawl__pg_params_init(&p);
	trawl__pg_int_array(&p, 1, docs.data, 0);
	if (!files)
		trawl__pg_int_array(&p, 2, seqs.data, 1);
	r = trawl__pg_exec(b, b->db, files ? file_sql : unit_sql, &p, d, "running the search");
	trawl__buf_release(&docs);
	trawl__buf_release(&seqs);
	if (!r)
		return search_failed(b, d);
	/* (a hit whose document was taken out meanwhile has no row) */
	for (int i = 0; i < PQntuples(r); i++) {
		int64_t o = trawl__pg_i64(r, i, 0);
		trawl_hit h;
		if (o < 1 || (size_t)o > n)
			continue;
		memset(&h, 0, sizeof h);
		h.doc = pg_col(r, i, 1);
		h.page = (int)trawl__pg_i64(r, i, 2);
		h.kind = pg_col(r, i, 3);
		h.score = top[o - 1].score;
		h.snippet = pg_col(r, i, 4);
		h.title = pg_col(r, i, 5);
		h.format = pg_col(r, i, 6);
		h.path = pg_col(r, i, 7);
		h.paged = trawl__pg_i64(r, i, 8) > 0;
		h.current = (int)trawl__pg_i64(r, i, 9);
		h.ocr = !PQgetisnull(r, i, 10);
		h.ocr_conf = trawl__pg_f64(r, i, 10);
		if (cb(&h, u))
			break;
	}
	PQclear(r);
	return TRAWL_OK;
}

/* The facet counts (o->facet) of the documents docs, the index's matches
 * after the filters, counted by the server as for a search through the
 * tsvectors; st gets the totals (hits: the index's count of units). */
static trawl_err index_facets(pg_be *b, const roaring_bitmap_t *docs, uint64_t hits,
                              const trawl_search_opts *o, trawl_search_stats *st,
                              trawl_diag *d)
{
	trawl__buf sql, ids;
	roaring_uint32_iterator_t it;
	pg_params p;
	PGresult *r;
	trawl_err rc;
	int first = 1;

	trawl__buf_init(&sql, 0);
	trawl__buf_init(&ids, 0);
	trawl__buf_addc(&ids, '{');
	if (docs) {
		roaring_init_iterator(docs, &it);
		for (; it.has_value; roaring_advance_uint32_iterator(&it), first = 0)
			trawl__buf_addf(&ids, "%s%u", first ? "" : ",", it.current_value);
	}
	trawl__buf_addc(&ids, '}');
	trawl__buf_adds(&sql, "WITH fm AS (SELECT d.rid, 1 AS n FROM unnest($1::bigint[]) AS "
	                "t(rid) JOIN docs d ON d.rid = t.rid), ");
	facets_ctes(&sql);
	trawl__buf_adds(&sql, " SELECT dim, value, n, units FROM fc");
	if (pg_buf_bad(&sql) || pg_buf_bad(&ids)) {
		trawl__buf_release(&sql);
		trawl__buf_release(&ids);
		return TRAWL_ENOMEM;
	}
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, ids.data);
	r = trawl__pg_exec(b, b->db, sql.data, &p, d, "counting the facets");
	trawl__buf_release(&sql);
	trawl__buf_release(&ids);
	if (!r)
		return search_failed(b, d);
	rc = facets_emit(r, 0, 0, o->facet_values, o->facet, o->facet_udata, st);
	PQclear(r);
	if (st)
		st->hits = hits;
	return rc;
}

/* A search ranked by relevance through the index, when this session may
 * read it (*used 1); else nothing is done. With o->facet, the facets of
 * the documents it finds, then the hits, as search_facets gives them. */
static trawl_err index_search(pg_be *b, const trawl__query *q, const trawl_search_opts *o,
                              const char *where, int (*cb)(const trawl_hit *, void *), void *u,
                              trawl_search_stats *st, int *used, trawl_diag *d)
{
	trawl__ixquery iq;
	trawl__ixresult res;
	roaring_bitmap_t *allow = NULL;
	trawl_err rc;

	memset(&iq, 0, sizeof iq);
	memset(&res, 0, sizeof res);
	iq.root = q->root;
	iq.since = o->since;
	iq.limit = cb ? (size_t)(o->limit > 0 ? o->limit : 20) : 0;
	iq.offset = o->offset > 0 ? (size_t)o->offset : 0;
	iq.files = o->files;
	iq.want_docs = o->facet != NULL;
	/* (the filters first: they may name what the server refuses; but
	 * not read for a session that can't use the index) */
	{
		int yes;
		if ((rc = trawl__pgix_readable(b, &yes, d)) || !yes)
			return rc;
	}
	if ((rc = allowed(b, q, o, where, &allow, d)))
		return rc;
	iq.allow = allow;
	rc = trawl__pgix_search(b, &iq, &res, used, d);
	trawl__bitmap_free(allow);
	if (rc || !*used)
		return rc;
	if (st) {
		st->hits = res.hits;
		st->documents = res.documents;
	}
	if (o->facet)
		rc = index_facets(b, res.docs, res.hits, o, st, d);
	if (cb && !rc)
		rc = index_hits(b, o->files, res.top, res.ntop, cb, u, d);
	trawl__ixresult_release(&res);
	return rc;
}

trawl_err trawl__pg_search(void *be, const trawl__query *q, const trawl_search_opts *o,
                           int (*cb)(const trawl_hit *, void *), void *u,
                           trawl_search_stats *st, trawl_diag *d)
{
	pg_be *b = be;
	match_sql m;
	trawl__buf sql, where, pre, body, src;
	pg_params p;
	PGresult *r = NULL;
	trawl_err rc = TRAWL_OK;
	int limit = o->limit > 0 ? o->limit : 20;

	memset(&m, 0, sizeof m);
	trawl__buf_init(&sql, 0);
	trawl__buf_init(&where, 0);
	trawl__buf_init(&pre, 0);
	trawl__buf_init(&body, 0);
	trawl__buf_init(&src, 0);
	/* words ranked by relevance go through the index when this session
	 * may read it (other orders are ranked by the server; facets are
	 * counted by it, of the documents the index finds): ranked here only
	 * if not */
	int try_ix = q->root && o->sort == TRAWL_SORT_RELEVANCE;

	if (q->root && (rc = match_build(b, q->root, try_ix ? -1 : cb != NULL, &m, d)))
		goto out;
	filters_sql(&where, q, o);
	if (trawl__buf_err(&where)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	trawl__pg_params_init(&p);
	bind_filters(&p, q, o);
	trawl__pg_int(&p, 2, limit);
	trawl__pg_int(&p, 3, o->offset > 0 ? o->offset : 0);
	if (st)
		memset(st, 0, sizeof *st);
	trawl__pg_audit(b, "search", q->root ? m.tsq.data : "(filters only)");
	if (try_ix) {
		int used = 0;
		rc = index_search(b, q, o, where.len ? where.data : "", cb, u, st, &used, d);
		if (rc || used)
			goto out;
		match_release(&m);
		if ((rc = match_build(b, q->root, cb != NULL, &m, d)))
			goto out;
	}
	if (o->facet) {
		rc = search_facets(b, q, o, &m, where.len ? where.data : "", &p, cb, u, st, d);
		goto out;
	}
	if (q->root)
		trawl__buf_addf(&src, "(%s) m", m.sql.data);
	if (pg_buf_bad(&src) && q->root) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (st && q->root && m.from_ix && !where.len) {
		/* the index counted them */
		st->hits = m.hits;
		st->documents = m.documents;
	} else if (st && q->root && cb && q->root->type == TRAWL__Q_TERM && !where.len &&
	           m.rc.phrases.n == 1) {
		/* one phrase, no filter: ranking counted its units already */
		st->hits = TRAWL_VEC_AT(&m.rc.phrases, phrase, 0).units;
		st->documents = TRAWL_VEC_AT(&m.rc.phrases, phrase, 0).docs;
	} else if (st) {
		/* (counted without the ranking) */
		match_sql m0;
		memset(&m0, 0, sizeof m0);
		/* (the index's list serves both) */
		if (q->root && cb && !m.from_ix && (rc = match_build(b, q->root, 0, &m0, d))) {
			match_release(&m0);
			goto out;
		}
		if (q->root)
			trawl__buf_addf(&sql, "SELECT count(*), count(DISTINCT m.doc) FROM (%s) m "
			                "JOIN docs d ON d.rid = m.doc JOIN blobs b ON b.sha256 = d.sha256 "
			                "WHERE true%s", cb && !m.from_ix ? m0.sql.data : m.sql.data,
			                where.len ? where.data : "");
		else
			trawl__buf_addf(&sql, "SELECT count(*), count(*) FROM docs d JOIN blobs b "
			                "ON b.sha256 = d.sha256 WHERE true%s", where.len ? where.data : "");
		match_release(&m0);
		if (pg_buf_bad(&sql)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "running the search"))) {
			rc = search_failed(b, d);
			goto out;
		}
		st->hits = (uint64_t)trawl__pg_i64(r, 0, 0);
		st->documents = (uint64_t)trawl__pg_i64(r, 0, 1);
		PQclear(r);
		r = NULL;
	}
	if (!cb)
		goto out;
	trawl__buf_reset(&sql);
	hits_sql(&pre, &body, q, o, q->root ? src.data : NULL, where.len ? where.data : "");
	if (pre.len)
		trawl__buf_addf(&sql, "WITH %s ", pre.data);
	trawl__buf_adds(&sql, body.data ? body.data : "");
	if (pg_buf_bad(&sql) || pg_buf_bad(&body) || trawl__buf_err(&pre)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "running the search"))) {
		rc = search_failed(b, d);
		goto out;
	}
	hits_emit(r, 0, PQntuples(r), 0, cb, u);
	PQclear(r);
out:
	match_release(&m);
	trawl__buf_release(&sql);
	trawl__buf_release(&where);
	trawl__buf_release(&pre);
	trawl__buf_release(&body);
	trawl__buf_release(&src);
	return rc;
}

trawl_err trawl__pg_doc_mark(void *be, int64_t *mark, trawl_diag *d)
{
	pg_be *b = be;
	PGresult *r = trawl__pg_exec(b, b->db, "SELECT coalesce(max(rid), 0) FROM docs", NULL, d,
	                             "reading the latest document");

	if (!r)
		return TRAWL_ESTORE;
	*mark = trawl__pg_i64(r, 0, 0);
	PQclear(r);
	return TRAWL_OK;
}

trawl_err trawl__pg_watch_put(void *be, const char *name, const char *query, const char *now,
                              trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, name);
	trawl__pg_text(&p, 2, query);
	trawl__pg_text(&p, 3, now);
	/* a replaced query starts over: every matching document is new to it */
	return trawl__pg_run(b, b->db, "INSERT INTO watches(name, query, created_at) VALUES($1, "
	                     "$2, $3) ON CONFLICT (name) DO UPDATE SET query = $2, created_at = $3, "
	                     "last_run_at = NULL, mark = 0", &p, d, "saving the watch");
}

trawl_err trawl__pg_watch_del(void *be, const char *name, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	int n;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, name);
	if (!(r = trawl__pg_exec(b, b->db, "DELETE FROM watches WHERE name = $1", &p, d,
	                         "removing the watch")))
		return TRAWL_ESTORE;
	n = (int)strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return n ? TRAWL_OK : TRAWL_ENOTFOUND;
}

trawl_err trawl__pg_watches(void *be, const char *name,
                            int (*cb)(const char *, const char *, const char *, const char *,
                                      int64_t, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	int n;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, name);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT name, query, created_at, last_run_at, mark FROM "
	                         "watches WHERE $1::text IS NULL OR name = $1 ORDER BY name", &p, d,
	                         "reading the watches")))
		return TRAWL_ESTORE;
	n = PQntuples(r);
	for (int i = 0; i < n; i++)
		if (cb(pg_col(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2), pg_col(r, i, 3),
		       trawl__pg_i64(r, i, 4), u))
			break;
	PQclear(r);
	return name && !n ? TRAWL_ENOTFOUND : TRAWL_OK;
}

trawl_err trawl__pg_watch_mark(void *be, const char *name, int64_t mark, const char *now,
                               trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;

	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, mark);
	trawl__pg_text(&p, 2, now);
	trawl__pg_text(&p, 3, name);
	return trawl__pg_run(b, b->db, "UPDATE watches SET mark = $1::bigint, last_run_at = $2 "
	                     "WHERE name = $3", &p, d, "marking the watch as run");
}

/* ---- facts ---- */

/* The FROM and WHERE of a facts listing; parameters: $10 to $30 the
 * search filters, $31 on the listing's own. */
static trawl_err facts_from(pg_be *b, trawl__buf *sql, const trawl_facts_opts *o,
                            const trawl__query *q, int units, trawl_diag *d)
{
	trawl_search_opts so;
	trawl_err rc = TRAWL_OK;

	memset(&so, 0, sizeof so);
	so.filter = o->filter;
	trawl__buf_adds(sql, " FROM docs d JOIN facts f ON f.doc = d.rid ");
	if (units)
		trawl__buf_adds(sql, "JOIN units un ON un.doc = d.rid AND un.seq = f.unit ");
	trawl__buf_adds(sql, "JOIN blobs b ON b.sha256 = d.sha256 WHERE true");
	if (o->kind)
		trawl__buf_adds(sql, " AND f.kind = $31");
	/* (the document's number is a value of its own for the facts and the
	 * units, so that a partition on another server is sent it: postgres_fdw
	 * does not send a join's condition, and one document's facts read every
	 * shard's whole facts table, a report's per document) */
	if (o->doc)
		trawl__buf_addf(sql, " AND d.id = $32 AND f.doc = (SELECT rid FROM docs WHERE id = $32)%s",
		                units ? " AND un.doc = (SELECT rid FROM docs WHERE id = $32)" : "");
	if (o->min)
		trawl__buf_adds(sql, " AND f.kind IN ('money', 'item') AND f.num >= trawl_num($33)");
	if (o->max)
		trawl__buf_adds(sql, " AND f.kind IN ('money', 'item') AND f.num <= trawl_num($34)");
	if (o->page > 0)
		trawl__buf_adds(sql, units ? " AND un.number = $35::int" : " AND false");
	if (q && q->root) {
		match_sql m;
		rc = match_build(b, q->root, 0, &m, d);
		if (!rc)
			trawl__buf_addf(sql, " AND d.rid IN (SELECT doc FROM (%s) m)", m.sql.data);
		match_release(&m);
	}
	filters_sql(sql, q, &so);
	return rc;
}

static void facts_bind(pg_params *p, const trawl_facts_opts *o, const trawl__query *q)
{
	trawl_search_opts so;

	memset(&so, 0, sizeof so);
	so.filter = o->filter;
	bind_filters(p, q, &so);
	if (o->kind)
		trawl__pg_text(p, 31, o->kind);
	if (o->doc)
		trawl__pg_text(p, 32, o->doc);
	if (o->min)
		trawl__pg_text(p, 33, o->min);
	if (o->max)
		trawl__pg_text(p, 34, o->max);
	if (o->page > 0)
		trawl__pg_int(p, 35, o->page);
}

trawl_err trawl__pg_facts(void *be, const trawl_facts_opts *o, const trawl__query *q,
                          int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	trawl__buf sql;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	trawl__buf_init(&sql, 0);
	trawl__buf_adds(&sql,
	    "SELECT d.id, " PG_LATEST_PATH ", f.kind, f.text, f.value, f.value_hi, f.unit_name, "
	    "f.unit_source, f.currency, f.comparator, f.precision, f.role, f.code, f.label, f.col, "
	    "f.caption, " PG_EFF_KIND ", un.number, d.pages, f.negative, f.cstart, f.cend, "
	    "f.bstart, f.bend, " PG_EFF_YEAR ", f.party, f.attrs, un.ocr");
	rc = facts_from(b, &sql, o, q, 1, d);
	switch (o->sort) {
	case TRAWL_FACTS_BY_VALUE_DESC:
		trawl__buf_adds(&sql, " ORDER BY CASE WHEN f.kind IN ('money', 'item') THEN "
		                "(CASE WHEN f.negative != 0 THEN -f.num ELSE f.num END) END DESC "
		                "NULLS LAST, d.rid, f.n");
		break;
	case TRAWL_FACTS_BY_VALUE_ASC:
		trawl__buf_adds(&sql, " ORDER BY CASE WHEN f.kind IN ('money', 'item') THEN "
		                "(CASE WHEN f.negative != 0 THEN -f.num ELSE f.num END) END ASC "
		                "NULLS LAST, d.rid, f.n");
		break;
	case TRAWL_FACTS_BY_STORED:
		trawl__buf_adds(&sql, " ORDER BY d.rid, f.n");
		break;
	case TRAWL_FACTS_BY_YEAR:
		trawl__buf_adds(&sql, " ORDER BY " PG_EFF_YEAR " DESC NULLS LAST, d.rid, f.n");
		break;
	default:
		trawl__buf_adds(&sql, " ORDER BY 2 NULLS FIRST, d.seq, d.rid, f.n");
	}
	if (o->limit > 0)
		trawl__buf_adds(&sql, " LIMIT $36::int OFFSET $37::int");
	if (rc || pg_buf_bad(&sql)) {
		rc = rc ? rc : TRAWL_ENOMEM;
		goto out;
	}
	trawl__pg_params_init(&p);
	facts_bind(&p, o, q);
	if (o->limit > 0) {
		trawl__pg_int(&p, 36, o->limit);
		trawl__pg_int(&p, 37, o->offset > 0 ? o->offset : 0);
	}
	trawl__pg_audit(b, o->doc ? "view facts" : "export facts", o->doc ? o->doc :
	                o->kind ? o->kind : "(all kinds)");
	if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "reading the facts"))) {
		rc = b->last_err;
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		trawl_fact_info f;
		memset(&f, 0, sizeof f);
		f.doc = pg_col(r, i, 0);
		f.path = pg_col(r, i, 1);
		f.kind = pg_col(r, i, 2);
		f.text = pg_col(r, i, 3);
		f.value = pg_col(r, i, 4);
		f.value_hi = pg_col(r, i, 5);
		f.unit = pg_col(r, i, 6);
		f.unit_source = pg_col(r, i, 7);
		f.currency = pg_col(r, i, 8);
		f.comparator = pg_col(r, i, 9);
		f.precision = pg_col(r, i, 10);
		f.role = pg_col(r, i, 11);
		f.code = pg_col(r, i, 12);
		f.label = pg_col(r, i, 13);
		f.column = pg_col(r, i, 14);
		f.caption = pg_col(r, i, 15);
		f.doc_kind = pg_col(r, i, 16);
		f.page = (int)trawl__pg_i64(r, i, 17);
		f.paged = trawl__pg_i64(r, i, 18) > 0;
		f.negative = (int)trawl__pg_i64(r, i, 19);
		f.start = trawl__pg_i64(r, i, 20);
		f.end = trawl__pg_i64(r, i, 21);
		f.bstart = trawl__pg_i64(r, i, 22);
		f.bend = trawl__pg_i64(r, i, 23);
		f.year = (int)trawl__pg_i64(r, i, 24);
		f.party = pg_col(r, i, 25);
		f.attrs = pg_col(r, i, 26);
		f.ocr = !PQgetisnull(r, i, 27);
		f.ocr_conf = trawl__pg_f64(r, i, 27);
		if (cb(&f, u))
			break;
	}
	PQclear(r);
out:
	trawl__buf_release(&sql);
	return rc;
}

trawl_err trawl__pg_facts_count(void *be, const trawl_facts_opts *o, const trawl__query *q,
                                uint64_t *n, trawl_diag *d)
{
	pg_be *b = be;
	trawl__buf sql;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	trawl__buf_init(&sql, 0);
	/* a cap: a count that stops there (a view of millions of facts) */
	trawl__buf_adds(&sql, "SELECT count(*) FROM (SELECT 1");
	rc = facts_from(b, &sql, o, q, o->page > 0, d);
	if (o->count_max)
		trawl__buf_addf(&sql, " LIMIT %llu", (unsigned long long)o->count_max);
	trawl__buf_adds(&sql, ") x");
	if (rc || pg_buf_bad(&sql)) {
		rc = rc ? rc : TRAWL_ENOMEM;
		goto out;
	}
	trawl__pg_params_init(&p);
	facts_bind(&p, o, q);
	if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "counting the facts"))) {
		rc = b->last_err;
		goto out;
	}
	*n = (uint64_t)trawl__pg_i64(r, 0, 0);
	PQclear(r);
out:
	trawl__buf_release(&sql);
	return rc;
}

/* ---- browsing ---- */

trawl_err trawl__pg_data_version(void *be, int64_t *v, trawl_diag *d)
{
	pg_be *b = be;
	/* (last_value is 1 both before and after the first step) */
	PGresult *r = trawl__pg_exec(b, b->db, "SELECT CASE WHEN is_called THEN last_value "
	                             "ELSE 0 END FROM data_version", NULL, d,
	                             "the store's version");

	if (!r)
		return TRAWL_ESTORE;
	/* every writer's commits move it; this connection's own, even if
	 * its sequence step failed */
	*v = (trawl__pg_i64(r, 0, 0) << 16) + (b->changes & 0xffff);
	PQclear(r);
	return TRAWL_OK;
}

/* The SQL of the documents q, o->since and o->filter find: (rid, n) with
 * n its matching units (1 each without words), into sql. */
static trawl_err docs_sql(pg_be *b, const trawl__query *q, const trawl_search_opts *o,
                          trawl__buf *sql, trawl_diag *d)
{
	match_sql m;
	trawl__buf where;
	trawl_err rc = TRAWL_OK;

	memset(&m, 0, sizeof m);
	trawl__buf_init(&where, 0);
	if (q->root && (rc = match_build(b, q->root, 0, &m, d)))
		goto out;
	filters_sql(&where, q, o);
	if (trawl__buf_err(&where)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (q->root) {
		trawl__buf src;
		trawl__buf_init(&src, 0);
		trawl__buf_addf(&src, "(%s) m", m.sql.data);
		if (pg_buf_bad(&src)) {
			trawl__buf_release(&src);
			rc = TRAWL_ENOMEM;
			goto out;
		}
		docs_from(sql, src.data, where.len ? where.data : "");
		trawl__buf_release(&src);
	} else
		docs_from(sql, NULL, where.len ? where.data : "");
	if (pg_buf_bad(sql))
		rc = TRAWL_ENOMEM;
out:
	match_release(&m);
	trawl__buf_release(&where);
	return rc;
}

trawl_err trawl__pg_match_docs(void *be, const trawl__query *q, const trawl_search_opts *o,
                               int (*cb)(int64_t doc, int64_t units, void *), void *u,
                               trawl_diag *d)
{
	pg_be *b = be;
	trawl__buf sql;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	trawl__buf_init(&sql, 0);
	if ((rc = docs_sql(b, q, o, &sql, d)))
		goto out;
	if ((rc = trawl__buf_adds(&sql, " ORDER BY 1")))
		goto out;
	trawl__pg_params_init(&p);
	bind_filters(&p, q, o);
	if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "searching"))) {
		rc = b->last_err;
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(trawl__pg_i64(r, i, 0), trawl__pg_i64(r, i, 1), u))
			break;
	PQclear(r);
out:
	trawl__buf_release(&sql);
	return rc;
}

trawl_err trawl__pg_facet_counts(void *be, const trawl__query *q, const trawl_search_opts *o,
                                 int max_values, int (*cb)(const trawl_facet *, void *),
                                 void *u, trawl_search_stats *st, trawl_diag *d)
{
	pg_be *b = be;
	trawl__buf sql, ds;
	pg_params p;
	PGresult *r = NULL;
	trawl_err rc;

	if (st)
		memset(st, 0, sizeof *st);
	trawl__buf_init(&sql, 0);
	trawl__buf_init(&ds, 0);
	if ((rc = docs_sql(b, q, o, &ds, d)))
		goto out;
	trawl__buf_addf(&sql, "WITH fm AS (%s), ", ds.data);
	facets_ctes(&sql);
	trawl__buf_adds(&sql, " SELECT dim, value, n, units FROM fc");
	if (pg_buf_bad(&sql)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	trawl__pg_params_init(&p);
	bind_filters(&p, q, o);
	if (!(r = trawl__pg_exec(b, b->db, sql.data, &p, d, "counting the facets"))) {
		rc = search_failed(b, d);
		goto out;
	}
	rc = facets_emit(r, 0, 0, max_values, cb, u, st);
out:
	PQclear(r);
	trawl__buf_release(&sql);
	trawl__buf_release(&ds);
	return rc;
}

trawl_err trawl__pg_facet_rows(void *be,
                               int (*cb)(int64_t, const char *, int, const char *,
                                         const char *, const char *, const char *, void *),
                               int (*party)(int64_t, const char *, const char *, void *),
                               void *u, trawl_diag *d)
{
	pg_be *b = be;
	PGresult *r;

	if (!(r = trawl__pg_exec(b, b->db, "SELECT d.rid, " PG_EFF_KIND ", " PG_EFF_YEAR ", "
	                         PG_EFF_PLACE ", b.format, " PG_EFF_CURRENCY ", " PG_EFF_AMOUNT
	                         " FROM docs d JOIN blobs b ON b.sha256 = d.sha256 ORDER BY d.rid",
	                         NULL, d, "reading the documents")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(trawl__pg_i64(r, i, 0), pg_col(r, i, 1), (int)trawl__pg_i64(r, i, 2),
		       pg_col(r, i, 3), pg_col(r, i, 4), pg_col(r, i, 5), pg_col(r, i, 6), u))
			break;
	PQclear(r);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT doc, role, value FROM facts WHERE kind = 'party' "
	                         "AND role IN ('vendor', 'issuer', 'buyer') AND value IS NOT NULL "
	                         "ORDER BY doc, n", NULL, d, "reading the parties")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (party(trawl__pg_i64(r, i, 0), pg_col(r, i, 1), pg_col(r, i, 2), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}

trawl_err trawl__pg_spans(void *be, const char *id, int page,
                          int (*cb)(uint32_t, uint32_t, float, float, float, float, void *),
                          void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_err rc = TRAWL_ENOTFOUND;
	char num[24];

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	snprintf(num, sizeof num, "%d", page);
	trawl__pg_text(&p, 2, num);
	/* the blob in binary, as trawl__unit_span wrote it: trawl__span records */
	r = PQexecParams(b->db, "SELECT spans FROM units WHERE doc = (SELECT rid FROM docs WHERE "
	                 "id = $1) AND number = $2::int ORDER BY seq LIMIT 1", 2, p.type, p.v,
	                 NULL, NULL, 1);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *msg = PQerrorMessage(b->db);
		trawl__diag_set(d, NULL, "reading the page's lines: %.*s", (int)strcspn(msg, "\n"), msg);
		PQclear(r);
		return TRAWL_ESTORE;
	}
	if (PQntuples(r)) {
		const char *s = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
		size_t n = s ? (size_t)PQgetlength(r, 0, 0) / sizeof(trawl__span) : 0;
		rc = TRAWL_OK;
		for (size_t i = 0; i < n; i++) {
			trawl__span sp;
			memcpy(&sp, s + i * sizeof sp, sizeof sp);
			if (cb(sp.start, sp.end, sp.x0, sp.y0, sp.x1, sp.y1, u))
				break;
		}
	}
	PQclear(r);
	return rc;
}
