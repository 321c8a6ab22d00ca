/* trawl serve: options, the listening socket, libmicrohttpd, and what
 * every request goes through before a page sees it: the Host header, the
 * session (--auth), the CSRF token of anything that changes something,
 * and the security headers of every response. */
#include <argon2.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "serve.h"
#include "../cli/cli.h"

#define SESSION_SECONDS (12 * 3600)
#define FORM_MAX (64 << 10)

sv_server *sv;

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
	"connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	"base-uri 'none'";

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	static const char h[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = h[p[i] >> 4];
		out[2 * i + 1] = h[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* HMAC-SHA256 of msg under the server's secret, as 64 hex digits. */
static void sign(const char *msg, char out[65])
{
	unsigned char mac[32];
	unsigned int n = 0;

	HMAC(EVP_sha256(), sv->secret, sizeof sv->secret, (const unsigned char *)msg,
	     strlen(msg), mac, &n);
	hex(mac, 32, out);
}

static int same(const char *a, const char *b)
{
	size_t n = strlen(a);
	return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

int is_doc_id(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

void sv_log(sv_req *r, const char *fmt, ...)
{
	char msg[1200], url[300];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* (the URL as text on one line: no control characters) */
	snprintf(url, sizeof url, "%s", r->url ? r->url : "");
	for (i = 0; url[i]; i++)
		if ((unsigned char)url[i] < 0x20 || url[i] == 0x7f)
			url[i] = '?';
	flockfile(stderr);
	fprintf(stderr, "trawl: serve: %s %s: %s\n", r->method ? r->method : "?", url, msg);
	funlockfile(stderr);
}

void sv_errtext(trawl_err e, const char *detail, char *out, size_t n)
{
	if (e == TRAWL_ENOMEM)
		snprintf(out, n, "out of memory");
	else
		snprintf(out, n, "%s%s%s", trawl_strerror(e), detail && *detail ? ": " : "",
		         detail ? detail : "");
}

const char *arg(sv_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

const char *form(sv_req *r, const char *key, char *out, size_t cap)
{
	const char *p = r->body.p, *e;
	size_t kl = strlen(key);

	if (!p || !cap)
		return NULL;
	e = p + r->body.len;
	while (p < e) {
		const char *amp = memchr(p, '&', (size_t)(e - p)), *end = amp ? amp : e;
		if ((size_t)(end - p) > kl && !memcmp(p, key, kl) && p[kl] == '=') {
			size_t o = 0;
			for (const char *c = p + kl + 1; c < end && o + 1 < cap; c++) {
				if (*c == '+')
					out[o++] = ' ';
				else if (*c == '%' && end - c > 2 && hexval(c[1]) >= 0 && hexval(c[2]) >= 0) {
					out[o++] = (char)(hexval(c[1]) * 16 + hexval(c[2]));
					c += 2;
				} else
					out[o++] = *c;
			}
			out[o] = '\0';
			return memchr(out, '\0', o) ? NULL : out; /* no NUL inside */
		}
		p = end + 1;
	}
	return NULL;
}

/* ---- the store pool and the facet snapshot ---- */

static trawl_store *pool_get(void)
{
	trawl_store *s;

	pthread_mutex_lock(&sv->lock);
	while (!sv->nfree)
		pthread_cond_wait(&sv->cond, &sv->lock);
	s = sv->pool[sv->free_ix[--sv->nfree]];
	pthread_mutex_unlock(&sv->lock);
	return s;
}

static void pool_put(trawl_store *s)
{
	pthread_mutex_lock(&sv->lock);
	for (int i = 0; i < sv->npool; i++)
		if (sv->pool[i] == s)
			sv->free_ix[sv->nfree++] = i;
	pthread_cond_signal(&sv->cond);
	pthread_mutex_unlock(&sv->lock);
}

/* The facet snapshots: the current one, and older ones still in use.
 * A thread of its own reads a new one whenever the store changed (it looks
 * once a second), so that no request waits for a read of a large store. */
#define SNAPS 8

static struct snap {
	trawl_facets *f;
	int refs, current;
} snaps[SNAPS];

static volatile int snap_stop;

trawl_facets *facets_get(void)
{
	trawl_facets *f = NULL;

	pthread_mutex_lock(&sv->flock);
	for (int i = 0; i < SNAPS; i++)
		if (snaps[i].f && snaps[i].current) {
			snaps[i].refs++;
			f = snaps[i].f;
		}
	pthread_mutex_unlock(&sv->flock);
	return f;
}

void facets_put(trawl_facets *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&sv->flock);
	for (int i = 0; i < SNAPS; i++)
		if (snaps[i].f == f && !--snaps[i].refs && !snaps[i].current) {
			trawl_facets_free(f);
			snaps[i].f = NULL;
		}
	pthread_mutex_unlock(&sv->flock);
}

/* Makes nf the current snapshot; the one before goes when its last
 * reader is done. Returns 0, or -1 when every slot is still in use. */
static int snap_install(trawl_facets *nf)
{
	int slot = -1;

	pthread_mutex_lock(&sv->flock);
	for (int i = 0; i < SNAPS && slot < 0; i++)
		if (!snaps[i].f)
			slot = i;
	if (slot >= 0) {
		for (int i = 0; i < SNAPS; i++)
			if (snaps[i].f && snaps[i].current) {
				snaps[i].current = 0;
				if (!snaps[i].refs) {
					trawl_facets_free(snaps[i].f);
					snaps[i].f = NULL;
				}
			}
		snaps[slot].f = nf;
		snaps[slot].refs = 0;
		snaps[slot].current = 1;
	}
	pthread_mutex_unlock(&sv->flock);
	return slot < 0 ? -1 : 0;
}

static void *snap_thread(void *arg)
{
	int64_t have = 0, v = 0;
	int any = 0;

	(void)arg;
	while (!snap_stop) {
		if (trawl_store_version(sv->vstore, &v, NULL) == TRAWL_OK && (!any || v != have)) {
			trawl_facets *nf = NULL;
			int64_t nv = 0;
			if (trawl_facets_open(sv->vstore, &nf, &nv, NULL) == TRAWL_OK) {
				if (snap_install(nf))
					trawl_facets_free(nf);
				else {
					have = nv;
					any = 1;
				}
			}
		}
		for (int i = 0; i < 10 && !snap_stop; i++)
			usleep(100000);
	}
	return NULL;
}

static void snaps_free(void)
{
	for (int i = 0; i < SNAPS; i++) {
		trawl_facets_free(snaps[i].f);
		snaps[i].f = NULL;
	}
}

/* ---- sessions: signed cookies ----
 * trawl_id   the browser's id (random), which CSRF tokens are bound to;
 * trawl_s    with --auth: user.expiry.nonce.mac (hex user name) */

static const char *cookie(sv_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static int user_of_session(const char *c, char *user, size_t cap)
{
	char copy[400], *parts[4], mac[65], msg[sizeof copy + 8]; /* "s|" and the three parts */
	int n = 0;
	long long exp;
	size_t ul;

	if (!c || strlen(c) >= sizeof copy)
		return 0;
	snprintf(copy, sizeof copy, "%s", c);
	parts[n++] = copy;
	for (char *p = copy; *p && n < 4; p++)
		if (*p == '.') {
			*p = '\0';
			parts[n++] = p + 1;
		}
	if (n != 4 || strchr(parts[3], '.'))
		return 0;
	snprintf(msg, sizeof msg, "s|%s|%s|%s", parts[0], parts[1], parts[2]);
	sign(msg, mac);
	if (!same(mac, parts[3]))
		return 0;
	exp = strtoll(parts[1], NULL, 10);
	if (exp < (long long)time(NULL))
		return 0;
	pthread_mutex_lock(&sv->lock);
	for (int i = 0; i < 64 && i < sv->nrevoked; i++)
		if (!strcmp(sv->revoked[i], parts[2]))
			exp = 0;
	pthread_mutex_unlock(&sv->lock);
	if (!exp)
		return 0;
	ul = strlen(parts[0]) / 2;
	if (ul == 0 || ul >= cap || strlen(parts[0]) % 2)
		return 0;
	for (size_t i = 0; i < ul; i++) {
		int hi = hexval(parts[0][2 * i]), lo = hexval(parts[0][2 * i + 1]);
		if (hi < 0 || lo < 0)
			return 0;
		user[i] = (char)(hi * 16 + lo);
	}
	user[ul] = '\0';
	for (int i = 0; i < sv->nusers; i++)
		if (!strcmp(sv->users[i].name, user))
			return 1;
	return 0;
}

static void random_hex(char *out, size_t bytes)
{
	unsigned char b[32];

	if (bytes > sizeof b)
		bytes = sizeof b;
	if (getrandom(b, bytes, 0) != (ssize_t)bytes)
		for (size_t i = 0; i < bytes; i++)
			b[i] = (unsigned char)(rand() ^ (int)(now_s() * 1e6));
	hex(b, bytes, out);
}

/* Logs user in: a new signed session cookie. */
static void session_start(sv_req *r, const char *user)
{
	char uh[130], nonce[33], msg[400], mac[65];
	long long exp = (long long)time(NULL) + SESSION_SECONDS;

	hex((const unsigned char *)user, strlen(user) < 64 ? strlen(user) : 63, uh);
	random_hex(nonce, 16);
	snprintf(msg, sizeof msg, "s|%s|%lld|%s", uh, exp, nonce);
	sign(msg, mac);
	snprintf(r->set_cookie, sizeof r->set_cookie,
	         "trawl_s=%s.%lld.%s.%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", uh, exp,
	         nonce, mac, SESSION_SECONDS, sv->secure);
}

static void session_end(sv_req *r)
{
	const char *c = cookie(r, "trawl_s");
	char user[64];

	if (c && user_of_session(c, user, sizeof user)) {
		const char *nonce = strchr(c, '.');
		nonce = nonce ? strchr(nonce + 1, '.') : NULL;
		/* a ring of the last 64 logged-out sessions */
		pthread_mutex_lock(&sv->lock);
		if (nonce)
			snprintf(sv->revoked[sv->nrevoked++ % 64], 33, "%.32s", nonce + 1);
		pthread_mutex_unlock(&sv->lock);
	}
	snprintf(r->set_cookie, sizeof r->set_cookie,
	         "trawl_s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", sv->secure);
}

/* Checks a password against --auth's users (argon2). */
static int password_ok(const char *user, const char *pw)
{
	int ok = 0, known = 0;

	for (int i = 0; i < sv->nusers; i++) {
		if (strcmp(sv->users[i].name, user))
			continue;
		known = 1;
		argon2_type t = !strncmp(sv->users[i].hash, "$argon2id$", 10) ? Argon2_id :
		                !strncmp(sv->users[i].hash, "$argon2i$", 9) ? Argon2_i : Argon2_d;
		ok = argon2_verify(sv->users[i].hash, pw, strlen(pw), t) == ARGON2_OK;
	}
	if (!ok && !known)
		/* as slow for an unknown name as for a wrong password */
		argon2_verify(sv->dummy_hash, pw, strlen(pw), Argon2_id);
	return ok;
}

/* ---- responses ---- */

static enum MHD_Result respond(sv_req *r)
{
	struct MHD_Response *res;
	size_t len;
	char *body;
	enum MHD_Result ret;
	char c[200];

	if (r->out.failed || r->err) {
		/* what failed, in the store's own words where it gave them
		 * ("store error: reading the facts: database disk image is
		 * malformed"); running out of memory, in SQLite or here, says so */
		char msg[700];
		sv_errtext(r->err ? r->err : TRAWL_ENOMEM, r->errmsg, msg, sizeof msg);
		sv_log(r, "%s", msg);
		sb_free(&r->out);
		r->status = 500;
		sb_adds(&r->out, msg);
		sb_adds(&r->out, "\n");
		r->ctype = "text/plain; charset=utf-8";
		r->disposition[0] = '\0';
	}
	body = sb_detach(&r->out, &len);
	res = MHD_create_response_from_buffer(len, body ? body : (void *)"",
	                                      body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!res) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(res, "Content-Type", r->ctype ? r->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(res, "Content-Security-Policy", csp);
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "X-Frame-Options", "DENY");
	MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(res, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(res, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(res, "Cache-Control", r->is_static ? "max-age=3600" : "no-store");
	if (r->disposition[0])
		MHD_add_response_header(res, "Content-Disposition", r->disposition);
	if (r->location[0])
		MHD_add_response_header(res, "Location", r->location);
	if (r->new_client) {
		snprintf(c, sizeof c, "trawl_id=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000%s",
		         r->client, sv->secure);
		MHD_add_response_header(res, "Set-Cookie", c);
	}
	if (r->set_cookie[0])
		MHD_add_response_header(res, "Set-Cookie", r->set_cookie);
	/* (for every answer, exports too: what the user's searches may miss) */
	if (r->notice[0])
		MHD_add_response_header(res, "X-Trawl-Notice", r->notice);
	/* the server's own time for the answer (make bench reads it) */
	snprintf(c, sizeof c, "app;dur=%.3f", (now_s() - r->t0) * 1000.0);
	MHD_add_response_header(res, "Server-Timing", c);
	ret = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), res);
	MHD_destroy_response(res);
	return ret;
}

static void redirect(sv_req *r, const char *to)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", to);
	r->ctype = "text/plain; charset=utf-8";
	sb_adds(&r->out, "see ");
	sb_adds(&r->out, to);
}

static void static_asset(sv_req *r, const char *name)
{
	for (const sv_asset *a = sv_assets; a->name; a++)
		if (!strcmp(a->name, name)) {
			sb_add(&r->out, (const char *)a->data, a->len);
			r->ctype = a->type;
			r->is_static = 1;
			return;
		}
	page_error(r, 404, "no such file");
}

/* The Host header names this server (against DNS rebinding). */
int host_ok(sv_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");

	if (!h)
		return 0;
	for (int i = 0; i < sv->nhosts; i++)
		if (!strcasecmp(h, sv->hosts[i]))
			return 1;
	return 0;
}

/* A request that changes something came from our own pages: its token,
 * and its Origin when the browser sends one. */
int csrf_ok(sv_req *r)
{
	const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *o = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	char f[80];

	if (o && strcmp(o, sv->origin)) {
		int ok = 0;
		for (int i = 0; i < sv->nhosts && !ok; i++) {
			char alt[300];
			if (sv->proxied[i])
				continue;
			snprintf(alt, sizeof alt, "%s://%s", sv->scheme, sv->hosts[i]);
			ok = !strcasecmp(o, alt);
		}
		for (int i = 0; i < sv->norigins && !ok; i++)
			ok = !strcasecmp(o, sv->origins[i]);
		if (!ok)
			return 0;
	}
	if (!t)
		t = form(r, "csrf", f, sizeof f);
	return t && !r->new_client && same(t, r->csrf);
}

static void handle(sv_req *r)
{
	const char *url = r->url;
	int is_api = !strncmp(url, "/api/v1/", 8) || !strcmp(url, "/api/v1");
	int open_page = !strncmp(url, "/static/", 8) || !strcmp(url, "/login") ||
	                !strcmp(url, "/favicon.ico");

	if (!host_ok(r)) {
		r->status = 421;
		r->ctype = "text/plain; charset=utf-8";
		sb_adds(&r->out, "this server does not answer to that Host\n");
		return;
	}
	if (r->post && !csrf_ok(r)) {
		if (is_api)
			api_error(r, 403, "no valid CSRF token (X-CSRF-Token) with this request");
		else
			page_error(r, 403, "This form is out of date or did not come from trawl: "
			                   "go back, reload the page and try again.");
		return;
	}
	if (sv->users && !r->user[0] && !open_page) {
		if (is_api)
			api_error(r, 401, "log in first");
		else
			redirect(r, "/login");
		return;
	}
	if (!strncmp(url, "/static/", 8)) {
		static_asset(r, url + 8);
		return;
	}
	if (!strcmp(url, "/favicon.ico")) {
		static_asset(r, "favicon.svg");
		return;
	}
	if (!strcmp(url, "/login")) {
		if (!sv->users)
			redirect(r, "/");
		else if (r->post) {
			char u[64], p[256];
			if (form(r, "user", u, sizeof u) && form(r, "password", p, sizeof p) &&
			    password_ok(u, p)) {
				session_start(r, u);
				redirect(r, "/");
			} else {
				r->status = 403;
				page_login(r, "Wrong name or password.");
			}
			memset(p, 0, sizeof p);
		} else
			page_login(r, NULL);
		return;
	}
	if (!strcmp(url, "/logout") && r->post) {
		session_end(r);
		redirect(r, sv->users ? "/login" : "/");
		return;
	}
	if (is_api) {
		api(r, url[7] ? url + 8 : "");
		return;
	}
	if (r->post) {
		page_error(r, 405, "nothing to post here");
		return;
	}
	if (!strcmp(url, "/") || !strcmp(url, "/search"))
		page_search(r);
	else if (!strncmp(url, "/doc/", 5)) {
		char id[65];
		const char *rest = url + 5, *slash = strchr(rest, '/');
		size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
		snprintf(id, sizeof id, "%.*s", (int)(n < 64 ? n : 64), rest);
		if (n != 64 || !is_doc_id(id))
			page_error(r, 404, "no such document");
		else if (!slash)
			page_doc(r, id);
		else {
			/* /doc/ID/original and /doc/ID/page/N.png: the API serves them */
			char api_path[200];
			snprintf(api_path, sizeof api_path, "documents/%s%s", id, slash);
			api(r, api_path);
		}
	} else if (!strcmp(url, "/facts"))
		page_facts(r);
	else if (!strcmp(url, "/compare"))
		page_compare(r);
	else if (!strcmp(url, "/report"))
		page_report(r);
	else if (!strcmp(url, "/watch"))
		page_watch(r);
	else if (!strcmp(url, "/entities"))
		page_entities(r);
	else if (!strcmp(url, "/add"))
		page_add(r);
	else
		page_error(r, 404, "no such page");
}

/* ---- libmicrohttpd's callbacks ---- */

static void identify(sv_req *r)
{
	const char *id = cookie(r, "trawl_id");
	char msg[80];

	if (id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32) {
		snprintf(r->client, sizeof r->client, "%s", id);
	} else {
		random_hex(r->client, 16);
		r->new_client = 1;
	}
	snprintf(msg, sizeof msg, "csrf|%s", r->client);
	sign(msg, r->csrf);
	if (sv->users && !user_of_session(cookie(r, "trawl_s"), r->user, sizeof r->user))
		r->user[0] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **ctx)
{
	sv_req *r = *ctx;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			return MHD_NO;
		r->conn = conn;
		r->t0 = now_s();
		r->url = url;
		r->method = method;
		r->fd = -1;
		r->post = !strcmp(method, "POST");
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && !r->post) {
			r->status = 405;
			r->ctype = "text/plain; charset=utf-8";
			sb_adds(&r->out, "method not allowed\n");
		}
		identify(r);
		*ctx = r;
		if (r->post && !strcmp(url, "/api/v1/add") && !r->status && add_begin(r))
			r->discard = 1;
		return MHD_YES;
	}
	if (*upload_size) {
		if (r->discard)
			;
		else if (r->fd >= 0)
			add_data(r, upload_data, *upload_size);
		else if (r->body.len + *upload_size > FORM_MAX)
			r->too_big = 1;
		else
			sb_add(&r->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (!r->status) {
		if (r->too_big) {
			page_error(r, 413, "the form is too large");
		} else {
			trawl_diag dg = { "", "", 0 };
			r->s = pool_get();
			/* with --auth, a store with users (PostgreSQL) answers as the
			 * logged-in user's role: only its collections */
			if (sv->users && trawl_store_set_user(r->s, r->user[0] ? r->user : NULL, &dg)) {
				page_error(r, 403, dg.msg[0] ? dg.msg : "this user has no access to the "
				           "store");
			} else {
				const char *n = sv->users && r->user[0] ? trawl_store_search_notice(r->s)
				                                        : NULL;
				snprintf(r->notice, sizeof r->notice, "%s", n ? n : "");
				handle(r);
			}
			pool_put(r->s);
			r->s = NULL;
		}
	}
	ret = respond(r);
	return ret;
}

static void on_done(void *cls, struct MHD_Connection *conn, void **ctx,
                    enum MHD_RequestTerminationCode toe)
{
	sv_req *r = *ctx;

	(void)cls;
	(void)conn;
	(void)toe;
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (r->upload_path[0] && r->fd >= 0)
		unlink(r->upload_path);
	sb_free(&r->out);
	sb_free(&r->body);
	free(r);
	*ctx = NULL;
}

/* ---- start ---- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int load_users(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0, ln = 0;

	if (!f) {
		fprintf(stderr, "trawl: serve: --auth %s: %s\n", path, strerror(errno));
		return -1;
	}
	sv->users = calloc(256, sizeof *sv->users);
	if (!sv->users) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *colon, *nl = strchr(line, '\n');
		ln++;
		if (nl)
			*nl = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		colon = strchr(line, ':');
		if (!colon || colon == line || colon - line >= 64 || strncmp(colon + 1, "$argon2", 7) ||
		    strlen(colon + 1) >= sizeof sv->users[0].hash || n >= 256) {
			fprintf(stderr, "trawl: serve: --auth %s:%d: expected NAME:$argon2id$... (make a "
			        "hash with trawl serve --hash-password)\n", path, ln);
			fclose(f);
			return -1;
		}
		snprintf(sv->users[n].name, sizeof sv->users[n].name, "%.*s", (int)(colon - line), line);
		snprintf(sv->users[n].hash, sizeof sv->users[n].hash, "%s", colon + 1);
		n++;
	}
	fclose(f);
	if (!n) {
		fprintf(stderr, "trawl: serve: --auth %s: no users in it\n", path);
		return -1;
	}
	sv->nusers = n;
	return 0;
}

/* trawl serve --hash-password: a password from stdin, its argon2id hash. */
static int hash_password(void)
{
	char pw[256], salt[16], enc[256];
	size_t n;

	if (!fgets(pw, sizeof pw, stdin)) {
		fprintf(stderr, "trawl: serve: --hash-password reads the password from stdin\n");
		return EXIT_USAGE;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt)
		return EXIT_PROBLEM;
	if (argon2id_hash_encoded(3, 1 << 16, 1, pw, n, salt, sizeof salt, 32, enc, sizeof enc) !=
	    ARGON2_OK)
		return EXIT_PROBLEM;
	memset(pw, 0, sizeof pw);
	puts(enc);
	return 0;
}

static int is_loopback(const struct sockaddr *a)
{
	if (a->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)a)->sin_addr.s_addr) >> 24) == 127;
	if (a->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)a)->sin6_addr);
	return 0;
}

/* The socket of --listen SPEC, bound (a port in use is said at once) but
 * not yet listening: cmd_serve listens once the store is open. */
static int bind_port(const char *spec, int need_auth_ok, int *fd_out, int *loop_out)
{
	char host[256], port[16];
	const char *colon = strrchr(spec, ':');
	struct addrinfo hints, *ai = NULL;
	int fd, one = 1, rc;

	if (!colon || colon == spec || strlen(colon + 1) >= sizeof port ||
	    (size_t)(colon - spec) >= sizeof host) {
		fprintf(stderr, "trawl: serve: --listen takes HOST:PORT, e.g. 127.0.0.1:8642\n");
		return EXIT_USAGE;
	}
	snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
	snprintf(port, sizeof port, "%s", colon + 1);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) || !ai) {
		fprintf(stderr, "trawl: serve: --listen %s: %s\n", spec, gai_strerror(rc));
		return EXIT_USAGE;
	}
	*loop_out = is_loopback(ai->ai_addr);
	if (!*loop_out && !need_auth_ok) {
		fprintf(stderr, "trawl: serve: %s is not a loopback address: anyone who can reach "
		        "it could read the store; give --auth FILE (users and password hashes)\n", host);
		freeaddrinfo(ai);
		return EXIT_USAGE;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen)) {
		fprintf(stderr, "trawl: serve: can't listen on %s: %s\n", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return EXIT_USAGE;
	}
	{
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		char name[INET6_ADDRSTRLEN] = "";
		getsockname(fd, (struct sockaddr *)&ss, &sl);
		if (ss.ss_family == AF_INET) {
			sv->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, name, sizeof name);
			snprintf(sv->origin, sizeof sv->origin, "%s://%s:%d", sv->scheme, name, sv->port);
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "%s:%d", name, sv->port);
		} else {
			sv->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, name, sizeof name);
			snprintf(sv->origin, sizeof sv->origin, "%s://[%s]:%d", sv->scheme, name, sv->port);
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "[%s]:%d", name, sv->port);
		}
		if (*loop_out) {
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "localhost:%d", sv->port);
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "127.0.0.1:%d", sv->port);
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "[::1]:%d", sv->port);
		} else if (strcmp(host, name) && strcmp(host, "0.0.0.0") && strcmp(host, "::")) {
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "%s:%d", host, sv->port);
		}
	}
	freeaddrinfo(ai);
	*fd_out = fd;
	return 0;
}

/* A PEM file for --tls-cert or --tls-key, whole, as a new string (NULL
 * after saying why). */
static char *read_pem(const char *opt, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0;

	if (!f) {
		fprintf(stderr, "trawl: serve: --%s %s: %s\n", opt, path, strerror(errno));
		return NULL;
	}
	p = malloc((1 << 20) + 1);
	if (p)
		n = fread(p, 1, 1 << 20, f);
	if (!p || ferror(f) || n == 1 << 20 || !memmem(p, n, "-----BEGIN ", 11)) {
		fprintf(stderr, "trawl: serve: --%s %s: %s\n", opt, path,
		        !p ? "out of memory" : ferror(f) ? strerror(errno)
		        : "not a PEM file (-----BEGIN ...)");
		free(p);
		fclose(f);
		return NULL;
	}
	fclose(f);
	p[n] = '\0';
	return p;
}

/* trawl serve; its options are in the table of src/cli/commands.c. */
int cmd_serve(const cli_args *a)
{
	static sv_server server;
	const char *store = a->store, *listen_spec = cli_str(a, "listen"), *auth = cli_str(a, "auth"),
	           *extra_host[4];
	int nextra = 0, open_browser = cli_flag(a, "open"), threads = (int)cli_num(a, "threads", 4);
	int fd = -1, loop = 1, rc, i;
	const char *tls_cert = cli_str(a, "tls-cert"), *tls_key = cli_str(a, "tls-key");
	/* (static: still reachable, not a leak, on the early returns) */
	static char *cert, *key;
	struct MHD_OptionItem tls_ops[3] = { { MHD_OPTION_END, 0, NULL },
	                                     { MHD_OPTION_END, 0, NULL },
	                                     { MHD_OPTION_END, 0, NULL } };
	struct MHD_Daemon *d;
	trawl_diag dg;
	pthread_t snap_th;

	sv = &server;
	if (cli_flag(a, "hash-password"))
		return hash_password();
	if (!listen_spec)
		listen_spec = "127.0.0.1:8642";
	sv->allow_add = cli_flag(a, "allow-add") != 0;
	for (i = 0; cli_nth(a, "host", i); i++) {
		if (nextra == 4)
			return cli_usage(a->cmd, "--host is given at most 4 times");
		extra_host[nextra++] = cli_nth(a, "host", i);
	}
	if (!tls_cert != !tls_key)
		return cli_usage(a->cmd, "--tls-cert and --tls-key go together");
	sv->scheme = "http";
	sv->secure = "";
	if (tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, "trawl: serve: this libmicrohttpd has no TLS (HTTPS) support: serve "
			        "on loopback behind a TLS reverse proxy instead (docs/api.md)\n");
			return EXIT_PROBLEM;
		}
		if (!(cert = read_pem("tls-cert", tls_cert)) || !(key = read_pem("tls-key", tls_key)))
			return EXIT_USAGE;
		sv->tls = 1;
		sv->scheme = "https";
		sv->secure = "; Secure";
	}
	if (auth && load_users(auth))
		return EXIT_USAGE;
	if (auth) {
		/* a hash to check unknown names against, as costly as a real one */
		unsigned char pw[16], salt[16];
		if (getrandom(pw, sizeof pw, 0) != (ssize_t)sizeof pw ||
		    getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt ||
		    argon2id_hash_encoded(3, 1 << 16, 1, pw, sizeof pw, salt, sizeof salt, 32,
		                          sv->dummy_hash, sizeof sv->dummy_hash) != ARGON2_OK) {
			fprintf(stderr, "trawl: serve: argon2 failed\n");
			return EXIT_PROBLEM;
		}
	}
	{
		/* the store as every command opens it: no store, a store that can't
		 * be written with --allow-add, and a read-only one are said the
		 * same way (and a store of an older schema is upgraded) */
		trawl_store *probe = NULL;
		if ((rc = cli_open(a, sv->allow_add ? OPEN_WRITE : OPEN_READ, &probe)))
			return rc;
		trawl_store_close(probe);
	}
	/* from the moment the port is bound, a stop signal is taken: a client
	 * may be answered (by the web server's threads) before main gets here
	 * again, and a SIGTERM with its default action then would end the
	 * server with no clean-up (found by fault alloc-serve under load: exit
	 * 143); the loop below sees the flag once the server is up */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if ((rc = bind_port(listen_spec, auth != NULL, &fd, &loop)))
		return rc;
	if (!loop && !sv->tls)
		fprintf(stderr, "trawl: serve: warning: passwords, session cookies and documents "
		        "cross the network unencrypted: give --tls-cert and --tls-key, or serve on "
		        "loopback behind a TLS reverse proxy (docs/api.md)\n");
	for (i = 0; i < nextra && sv->nhosts < 8; i++) {
		const char *sep = strstr(extra_host[i], "://");
		if (sep) {
			/* a reverse proxy's address: the browser's Origin, and the
			 * Host header as the proxy passes it on (no port of ours) */
			snprintf(sv->origins[sv->norigins++], sizeof sv->origins[0], "%.*s",
			         (int)strcspn(extra_host[i], "/") + 2 + (int)strcspn(sep + 3, "/"),
			         extra_host[i]);
			sv->proxied[sv->nhosts] = 1;
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "%.*s",
			         (int)strcspn(sep + 3, "/"), sep + 3);
		} else {
			snprintf(sv->hosts[sv->nhosts++], sizeof sv->hosts[0], "%s:%d", extra_host[i],
			         sv->port);
		}
	}
	sv->store_dir = store;
	if (getrandom(sv->secret, sizeof sv->secret, 0) != (ssize_t)sizeof sv->secret) {
		fprintf(stderr, "trawl: serve: no random numbers\n");
		close(fd);
		return EXIT_PROBLEM;
	}
	pthread_mutex_init(&sv->lock, NULL);
	pthread_mutex_init(&sv->flock, NULL);
	pthread_mutex_init(&sv->addlock, NULL);
	pthread_cond_init(&sv->cond, NULL);
	sv->npool = threads + 1;
	sv->pool = calloc((size_t)sv->npool, sizeof *sv->pool);
	sv->free_ix = calloc((size_t)sv->npool, sizeof *sv->free_ix);
	if (!sv->pool || !sv->free_ix) {
		fprintf(stderr, "trawl: serve: out of memory\n");
		close(fd);
		return EXIT_PROBLEM;
	}
	for (i = 0; i <= sv->npool; i++) {
		trawl_store **slot = i < sv->npool ? &sv->pool[i] : &sv->vstore;
		memset(&dg, 0, sizeof dg);
		trawl_err e = sv->allow_add ? trawl_store_open(store, 0, slot, &dg)
		                            : trawl_store_open_readonly(store, slot, &dg);
		if (e) {
			int j;
			fprintf(stderr, "trawl: %s: %s\n", dg.path[0] ? dg.path : store,
			        dg.msg[0] ? dg.msg : trawl_strerror(e));
			if (i > 0)
				fprintf(stderr, "trawl: serve: %d of the %d connections to the store "
				        "it needs were open (one per --threads, and two more)\n", i,
				        sv->npool + 1);
			/* the connections opened before this one */
			for (j = 0; j < i && j < sv->npool; j++)
				trawl_store_close(sv->pool[j]);
			free(sv->pool);
			free(sv->free_ix);
			sv->pool = NULL;
			sv->free_ix = NULL;
			close(fd);
			return e == TRAWL_ENOMEM ? EXIT_PROBLEM : EXIT_USAGE;
		}
		if (i < sv->npool)
			sv->free_ix[sv->nfree++] = i;
	}
	if (sv->allow_add) {
		snprintf(sv->upload_dir, sizeof sv->upload_dir, "%s/uploads", store);
		if (mkdir(sv->upload_dir, 0755) && errno != EEXIST) {
			fprintf(stderr, "trawl: serve: %s: %s\n", sv->upload_dir, strerror(errno));
			close(fd);
			return EXIT_PROBLEM;
		}
	}
	{
		/* MuPDF's workers, forked before any thread starts: one per
		 * request thread, so that no page waits for another */
		trawl_viewer_opts vo = { threads, (unsigned)cli_num(a, "render-timeout", 0), 0 };
		char note[400];
		memset(&dg, 0, sizeof dg);
		if (trawl_viewer_start(&vo, &sv->viewer, &dg)) {
			snprintf(sv->novw, sizeof sv->novw, "PDF page images are off: %s",
			         dg.msg[0] ? dg.msg : "the page renderers could not start");
			fprintf(stderr, "trawl: serve: %s\n", sv->novw);
		} else if (trawl_viewer_warning(sv->viewer, note, sizeof note)) {
			fprintf(stderr, "trawl: serve: warning: %s\n", note);
		}
	}
	{
		/* a small store's facets are there before the first page */
		if (pthread_create(&snap_th, NULL, snap_thread, NULL)) {
			fprintf(stderr, "trawl: serve: no thread for the facets\n");
			trawl_viewer_stop(sv->viewer);
			close(fd);
			return EXIT_PROBLEM;
		}
		for (i = 0; i < 40; i++) {
			trawl_facets *f = facets_get();
			facets_put(f);
			if (f)
				break;
			usleep(50000);
		}
	}
	if (sv->tls) {
		tls_ops[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, cert };
		tls_ops[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, key };
	}
	/* the port takes connections only now, with the store open: a client
	 * that connected while the store could not be opened would find the
	 * server gone (found by fault alloc-serve: a server that never
	 * started, seen as one that failed when stopped) */
	if (listen(fd, 256)) {
		fprintf(stderr, "trawl: serve: can't listen on %s: %s\n", listen_spec, strerror(errno));
		trawl_viewer_stop(sv->viewer);
		close(fd);
		return EXIT_PROBLEM;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                     (sv->tls ? MHD_USE_TLS : 0), 0, NULL, NULL,
	                     on_request, NULL,
	                     MHD_OPTION_LISTEN_SOCKET, fd,
	                     MHD_OPTION_ARRAY, tls_ops,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	                     MHD_OPTION_CONNECTION_LIMIT, 512u,
	                     MHD_OPTION_CONNECTION_TIMEOUT, 60u,
	                     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 << 10),
	                     MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "trawl: serve: the web server could not start%s\n",
		        sv->tls ? " (is the key the certificate's, and both PEM?)" : "");
		trawl_viewer_stop(sv->viewer);
		close(fd);
		return EXIT_PROBLEM;
	}
	printf("trawl serve: %s/  (store %s, %s%s)\n", sv->origin, store,
	       sv->allow_add ? "adding files allowed" : "read-only",
	       sv->users ? ", log-in required" : "");
	printf("Press Ctrl-C to stop.\n");
	fflush(stdout);
	if (open_browser) {
		pid_t pid = fork();
		if (pid == 0) {
			char url[400];
			snprintf(url, sizeof url, "%s/", sv->origin);
			execlp("xdg-open", "xdg-open", url, (char *)NULL);
			_exit(127);
		}
	}
	/* not pause(): the signal may come between the test and the call,
	 * or be taken by one of the web server's threads, and main would
	 * wait for ever; a short sleep sees the flag whichever thread set it */
	while (!stop) {
		struct timespec nap = { 0, 100 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	MHD_stop_daemon(d);
	snap_stop = 1;
	pthread_join(snap_th, NULL);
	snaps_free();
	trawl_viewer_stop(sv->viewer);
	close(fd);
	for (i = 0; i < sv->npool; i++)
		trawl_store_close(sv->pool[i]);
	trawl_store_close(sv->vstore);
	free(sv->pool);
	free(sv->free_ix);
	free(sv->users);
	free(cert);
	free(key);
	return 0;
}
