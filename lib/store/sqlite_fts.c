/* trawl's tokenizer as an SQLite FTS5 tokenizer (see SQLite's fts5.h:
 * fts5_tokenizer.xTokenize, FTS5_TOKEN_COLOCATED). */
#include <string.h>
#include <sqlite3.h>
#include "store/sqlite_be.h"
#include "index/tokenize.h"
#include "util/banned.h"


typedef struct tk_ctx {
	void *pctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
} tk_ctx;

static int tk_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	tk_ctx *c = u;
	return c->xtoken(c->pctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, n, start, end);
}

static int tk_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static int instance;
	(void)ctx;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void tk_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tk_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text, int n,
                       int (*xtoken)(void *, int, const char *, int, int, int))
{
	tk_ctx c = { pctx, xtoken };
	(void)t;
	return trawl__tokenize(text, n, (flags & FTS5_TOKENIZE_QUERY) ? TRAWL__TOK_QUERY :
	                       TRAWL__TOK_DOCUMENT, tk_token, &c);
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int trawl__sqlite_register_tokenizer(sqlite3 *db)
{
	static fts5_tokenizer tk = { tk_create, tk_delete, tk_tokenize };
	fts5_api *api = fts5_api_of(db);

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "trawl", NULL, &tk, NULL);
}
