/* trawl serve: the store as a local web app (libmicrohttpd). Pages are
 * rendered here, over the public library API; a little plain JavaScript
 * (assets/app.js, embedded) draws boxes and uploads files. */
#ifndef TRAWL_SERVE_H
#define TRAWL_SERVE_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <microhttpd.h>
#include <trawl/trawl.h>
#include <trawl/report.h>
#include <trawl/json.h>

/* ---- a growable string (buf.c) ---- */
typedef struct sv_buf {
	char *p;
	size_t len, cap;
	int failed;          /* out of memory: sticky */
} sv_buf;

void sb_add(sv_buf *b, const char *s, size_t n);
void sb_adds(sv_buf *b, const char *s);
void sb_addf(sv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text for HTML element content or a quoted attribute value: every markup
 * character becomes an entity, control characters go. */
void sb_html(sv_buf *b, const char *s);
void sb_htmln(sv_buf *b, const char *s, size_t n);
/* A URL query component: everything but unreserved characters %-encoded. */
void sb_url(sv_buf *b, const char *s);
/* An amount with thousands separators. */
void sb_amount(sv_buf *b, const char *v);
void sb_free(sv_buf *b);
/* Hands the bytes over (free()); b is left empty. */
char *sb_detach(sv_buf *b, size_t *len);

/* ---- the server ---- */
typedef struct sv_user {
	char name[64];
	char hash[256];     /* argon2 encoded hash */
} sv_user;

typedef struct sv_server {
	const char *store_dir;
	int allow_add;
	int port;
	char origin[300];          /* http://host:port, as the browser sees it */
	int tls;                   /* HTTPS (--tls-cert, --tls-key) */
	const char *scheme;        /* "http" or "https" */
	const char *secure;        /* the cookies' "; Secure" with TLS, or "" */
	char hosts[8][280];        /* Host header values accepted */
	int nhosts;
	unsigned char proxied[8];  /* hosts[i] is a proxy's: its Origin is in origins */
	char origins[4][300];      /* more Origins accepted: --host https://NAME */
	int norigins;
	sv_user *users;            /* --auth: NULL when none */
	int nusers;
	unsigned char secret[32];  /* signs sessions and CSRF tokens */
	char dummy_hash[256];      /* --auth: checked for unknown names */
	/* store handles, one per worker thread */
	trawl_store **pool;
	int npool, nfree;
	int *free_ix;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* the facet snapshots (http.c), read by a thread of their own */
	trawl_store *vstore;       /* that thread's handle */
	pthread_mutex_t flock;
	/* PDF pages are drawn in sandboxed processes; NULL when they could
	 * not start (novw says why) */
	trawl_viewer *viewer;
	char novw[600];
	/* adding files (--allow-add): one at a time */
	pthread_mutex_t addlock;
	char upload_dir[4096];
	/* logged-out session nonces */
	char revoked[64][33];
	int nrevoked;
} sv_server;

extern sv_server *sv;

/* A request being answered. */
typedef struct sv_req {
	struct MHD_Connection *conn;
	const char *method, *url;
	int post;
	trawl_store *s;            /* a pool handle while the request runs */
	char user[64];             /* logged-in user, or "" */
	char client[40];           /* the browser's id (cookie), hex */
	char csrf[65];             /* the token pages embed for this browser */
	/* what the logged-in user's searches may miss (trawl_store_search_
	 * notice after trawl_store_set_user), or "": said on every page, in
	 * the JSON of the API's calls that search and as X-Trawl-Notice */
	char notice[512];
	int new_client;            /* set the id cookie in the response */
	char set_cookie[400];      /* another cookie to set, or "" */
	/* the response */
	sv_buf out;
	int status;
	const char *ctype;
	char disposition[600];     /* Content-Disposition, or "" */
	char location[1200];       /* a redirect, or "" */
	int is_static;             /* an embedded asset: may be cached */
	trawl_err err;             /* a library call that fills the answer failed
	                              (memory, the store): the answer is a 500 */
	char errmsg[512];          /* ... and what it said, or "" */
	double t0;                 /* when the request came (Server-Timing) */
	/* a body being received */
	sv_buf body;               /* form posts */
	int fd;                    /* uploads: the file being written, or -1 */
	char upload_path[4400];
	uint64_t upload_bytes;
	int too_big;
	int discard;               /* an upload refused before its bytes came */
	struct MHD_PostProcessor *pp;
} sv_req;

/* Keeps the failure of a call whose results fill the answer: a page or a
 * record that lost part of itself for want of memory, or because the
 * store failed, is not sent as if whole. (A query that does not parse,
 * or a document not found, is the caller's to say.) */
static inline void sv_check_d(sv_req *r, trawl_err e, const trawl_diag *d)
{
	if ((e == TRAWL_ENOMEM || e == TRAWL_ESTORE || e == TRAWL_EIO) && !r->err) {
		r->err = e;
		if (d)
			memcpy(r->errmsg, d->msg, sizeof r->errmsg < sizeof d->msg ?
			       sizeof r->errmsg : sizeof d->msg);
		r->errmsg[sizeof r->errmsg - 1] = '\0';
	}
}

/* The same, for a call that was given no trawl_diag. */
static inline void sv_check(sv_req *r, trawl_err e)
{
	sv_check_d(r, e, NULL);
}

/* A line on the server's stderr about request r ("trawl: serve: GET
 * /url: ..."): a failure the person running the server should see. */
void sv_log(sv_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A failure in words for the browser: "out of memory", or e's own name
 * and the library's detail ("store error: reading the document: disk I/O
 * error"). */
void sv_errtext(trawl_err e, const char *detail, char *out, size_t n);

/* A GET argument (decoded), or NULL. */
const char *arg(sv_req *r, const char *key);
/* A form field of a urlencoded POST body, or NULL (copied into out). */
const char *form(sv_req *r, const char *key, char *out, size_t cap);
/* 0 unless s is 64 hex digits (a document id). */
int is_doc_id(const char *s);

/* pages.c */
void page_search(sv_req *r);
void page_doc(sv_req *r, const char *id);
void page_facts(sv_req *r);
void page_compare(sv_req *r);
void page_report(sv_req *r);
void page_watch(sv_req *r);
void page_entities(sv_req *r);
void page_add(sv_req *r);
void page_login(sv_req *r, const char *error);
void page_error(sv_req *r, int status, const char *msg);
/* The facet filter of the request's arguments (strings live in r). */
void req_filter(sv_req *r, trawl_filter *f);
/* Writes the arguments that carry a search's state (q and the filters)
 * as a URL query, each "&k=v", leaving out skip (may be NULL). */
void state_query(sv_req *r, sv_buf *b, const char *skip);

/* api.c: /api/v1/... ; rest is what follows /api/v1/ */
void api(sv_req *r, const char *rest);
void api_error(sv_req *r, int status, const char *msg);

/* the current facet snapshot, held until facets_put; NULL while the
 * first is being read */
trawl_facets *facets_get(void);
void facets_put(trawl_facets *f);

/* http.c: the checks every request that changes something passes */
int host_ok(sv_req *r);
int csrf_ok(sv_req *r);

/* add.c (--allow-add) */
int add_begin(sv_req *r);           /* a POST /api/v1/add: opens the file */
void add_data(sv_req *r, const char *data, size_t n);
void add_finish(sv_req *r);

/* assets (generated from assets/) */
typedef struct sv_asset {
	const char *name, *type;
	const unsigned char *data;
	size_t len;
} sv_asset;
extern const sv_asset sv_assets[];
#endif
